using System.Net;
using Amazon.Runtime;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>The error code ListenerNotFound: the listener named in the request does not exist.</summary>
    public sealed class ListenerNotFoundException : ElasticLoadBalancingV2Exception
    {
        public const string Code = "ListenerNotFound";

        public ListenerNotFoundException(string message, Exception? innerException, ErrorType errorType, string? requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, Code, requestId, statusCode)
        {
        }
    }
}
