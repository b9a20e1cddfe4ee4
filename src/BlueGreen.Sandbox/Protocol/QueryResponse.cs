namespace BlueGreen.Sandbox.Protocol
{
    /// <summary>What goes back on the wire: an HTTP status, a content type and a body.</summary>
    internal sealed class QueryResponse(int httpStatus, string body, string contentType = "text/xml;charset=UTF-8", string? errorCode = null)
    {
        internal int HttpStatus { get; } = httpStatus;

        internal string Body { get; } = body;

        internal string ContentType { get; } = contentType;

        /// <summary>The AWS error code when this is an error response, for the request log.</summary>
        internal string? ErrorCode { get; } = errorCode;

        /// <summary>The request id the body carries, also sent as the <c>x-amzn-RequestId</c> header.</summary>
        internal string? RequestId { get; set; }
    }
}
