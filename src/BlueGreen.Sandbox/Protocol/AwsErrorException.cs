namespace BlueGreen.Sandbox.Protocol
{
    /// <summary>
    /// An error the sandbox answers with, as the real service would: its code (<c>TargetGroupNotFound</c>,
    /// <c>InvalidInstanceID.NotFound</c>), message and HTTP status. Each service handler renders it in its own format.
    /// </summary>
    internal sealed class AwsErrorException : Exception
    {
        internal AwsErrorException(string code, string message, int httpStatus = 400)
            : base(message)
        {
            Code = code;
            HttpStatus = httpStatus;
        }

        internal string Code { get; }

        internal int HttpStatus { get; }

        /// <summary>Whether the caller is at fault (4xx: <c>Sender</c>) or the service (5xx: <c>Receiver</c>).</summary>
        internal bool IsSenderFault => HttpStatus < 500;
    }
}
