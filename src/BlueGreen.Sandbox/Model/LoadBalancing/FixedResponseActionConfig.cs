namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>A fixed response: status code, and optionally a content type and body.</summary>
    internal sealed class FixedResponseActionConfig
    {
        internal FixedResponseActionConfig(string statusCode, string? contentType, string? messageBody)
        {
            StatusCode = statusCode;
            ContentType = contentType;
            MessageBody = messageBody;
        }

        internal string StatusCode { get; }

        internal string? ContentType { get; }

        internal string? MessageBody { get; }
    }
}
