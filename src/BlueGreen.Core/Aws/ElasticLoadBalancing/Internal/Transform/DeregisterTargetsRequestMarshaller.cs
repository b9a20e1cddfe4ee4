using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals DeregisterTargets to its Query protocol form (Action=DeregisterTargets, Version=2015-12-01).</summary>
    internal sealed class DeregisterTargetsRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly DeregisterTargetsRequestMarshaller Instance = new DeregisterTargetsRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((DeregisterTargetsRequest)input);

        internal IRequest Marshall(DeregisterTargetsRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "DeregisterTargets");
            writer.Add("TargetGroupArn", request.TargetGroupArn);
            writer.AddTargets("Targets", request.Targets);
            return writer.Finish();
        }
    }
}
