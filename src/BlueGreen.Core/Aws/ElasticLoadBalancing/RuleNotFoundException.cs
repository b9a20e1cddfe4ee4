using System.Net;
using Amazon.Runtime;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>The error code RuleNotFound: the rule named in the request does not exist.</summary>
    public sealed class RuleNotFoundException : ElasticLoadBalancingV2Exception
    {
        public const string Code = "RuleNotFound";

        public RuleNotFoundException(string message, Exception? innerException, ErrorType errorType, string? requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, Code, requestId, statusCode)
        {
        }
    }
}
