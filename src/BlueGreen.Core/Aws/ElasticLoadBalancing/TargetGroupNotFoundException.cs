using System.Net;
using Amazon.Runtime;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>The error code TargetGroupNotFound: the target group named in the request does not exist.</summary>
    public sealed class TargetGroupNotFoundException : ElasticLoadBalancingV2Exception
    {
        public const string Code = "TargetGroupNotFound";

        public TargetGroupNotFoundException(string message, Exception? innerException, ErrorType errorType, string? requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, Code, requestId, statusCode)
        {
        }
    }
}
