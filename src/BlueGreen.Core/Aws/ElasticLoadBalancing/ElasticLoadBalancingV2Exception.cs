using System.Net;
using Amazon.Runtime;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>
    /// An error answer of Elastic Load Balancing v2 (ErrorCode is the AWS code, e.g. "ValidationError",
    /// "DuplicateListener", "Throttling", "LoadBalancerNotFound", "TargetGroupNotFound", "ListenerNotFound", "RuleNotFound").
    /// </summary>
    public class ElasticLoadBalancingV2Exception : AmazonServiceException
    {
        public ElasticLoadBalancingV2Exception(string message)
            : base(message)
        {
        }

        public ElasticLoadBalancingV2Exception(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, errorCode, requestId, statusCode)
        {
        }
    }
}
