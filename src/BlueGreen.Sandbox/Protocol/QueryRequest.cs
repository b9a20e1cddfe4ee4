namespace BlueGreen.Sandbox.Protocol
{
    /// <summary>One AWS Query protocol request: its Action, Version, parameters and (optional) SigV4 authorization.</summary>
    internal sealed class QueryRequest(QueryParameters parameters, SigV4Authorization? authorization, string requestId)
    {
        internal QueryParameters Parameters { get; } = parameters;

        internal SigV4Authorization? Authorization { get; } = authorization;

        /// <summary>The id the response carries (<c>RequestId</c> / <c>requestId</c>) and the request log records.</summary>
        internal string RequestId { get; } = requestId;

        internal string? Action => Parameters["Action"];

        internal string? Version => Parameters["Version"];
    }
}
