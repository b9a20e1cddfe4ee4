using Amazon.Runtime;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>
    /// Base of the requests the client hands to the SDK pipeline. Each is named after its operation (the SDK derives
    /// IRequest.RequestName from the type name) and has a request marshaller in Internal/Transform.
    /// </summary>
    internal abstract class ElasticLoadBalancingV2Request : AmazonWebServiceRequest
    {
    }
}
