using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals DeleteTargetGroup to its Query protocol form (Action=DeleteTargetGroup, Version=2015-12-01).</summary>
    internal sealed class DeleteTargetGroupRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly DeleteTargetGroupRequestMarshaller Instance = new DeleteTargetGroupRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DeleteTargetGroupRequest)input);

        internal IRequest Marshall(DeleteTargetGroupRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "DeleteTargetGroup");
            writer.Add("TargetGroupArn", request.TargetGroupArn);
            return writer.Finish();
        }
    }
}
