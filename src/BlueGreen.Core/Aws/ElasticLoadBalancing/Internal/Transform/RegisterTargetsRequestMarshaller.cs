using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals RegisterTargets to its Query protocol form (Action=RegisterTargets, Version=2015-12-01).</summary>
    internal sealed class RegisterTargetsRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly RegisterTargetsRequestMarshaller Instance = new RegisterTargetsRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((RegisterTargetsRequest)input);

        internal IRequest Marshall(RegisterTargetsRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "RegisterTargets");
            writer.Add("TargetGroupArn", request.TargetGroupArn);
            writer.AddTargets("Targets", request.Targets);
            return writer.Finish();
        }
    }
}
