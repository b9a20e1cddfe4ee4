using Amazon.Runtime;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses
{
    /// <summary>The result of operations that return nothing but response metadata (RegisterTargets, AddTags, DeleteListener, ...).</summary>
    internal sealed class EmptyResponse : AmazonWebServiceResponse
    {
    }
}
