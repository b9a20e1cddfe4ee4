using Amazon.Runtime.Internal;

namespace BlueGreen.Aws.Query
{
    /// <summary>Service metadata the SDK's pipeline reads (telemetry, client-side monitoring, global endpoint providers).</summary>
    internal sealed class QueryServiceMetadata(string serviceId) : IServiceMetadata
    {
        public string ServiceId { get; } = serviceId;

        public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>(0);
    }
}
