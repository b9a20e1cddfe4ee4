using System.Net;
using Amazon.Runtime;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>The error code LoadBalancerNotFound: the load balancer named in the request does not exist.</summary>
    public sealed class LoadBalancerNotFoundException : ElasticLoadBalancingV2Exception
    {
        public const string Code = "LoadBalancerNotFound";

        public LoadBalancerNotFoundException(string message, Exception? innerException, ErrorType errorType, string? requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, Code, requestId, statusCode)
        {
        }
    }
}
