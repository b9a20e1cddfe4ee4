using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals CreateTargetGroup to its Query protocol form (Action=CreateTargetGroup, Version=2015-12-01).</summary>
    internal sealed class CreateTargetGroupRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly CreateTargetGroupRequestMarshaller Instance = new CreateTargetGroupRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((CreateTargetGroupRequest)input);

        internal IRequest Marshall(CreateTargetGroupRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "CreateTargetGroup");
            Model.CreateTargetGroupRequest input = request.Input;
            writer.Add("Name", input.Name);
            writer.Add("Protocol", input.Protocol);
            writer.Add("ProtocolVersion", input.ProtocolVersion);
            writer.Add("Port", input.Port);
            writer.Add("VpcId", input.VpcId);
            writer.Add("HealthCheckProtocol", input.HealthCheckProtocol);
            writer.Add("HealthCheckPort", input.HealthCheckPort);
            writer.Add("HealthCheckEnabled", input.HealthCheckEnabled);
            writer.Add("HealthCheckPath", input.HealthCheckPath);
            writer.Add("HealthCheckIntervalSeconds", input.HealthCheckIntervalSeconds);
            writer.Add("HealthCheckTimeoutSeconds", input.HealthCheckTimeoutSeconds);
            writer.Add("HealthyThresholdCount", input.HealthyThresholdCount);
            writer.Add("UnhealthyThresholdCount", input.UnhealthyThresholdCount);
            writer.AddMatcher("Matcher", input.Matcher);
            writer.Add("TargetType", input.TargetType);
            writer.AddTags("Tags", input.Tags);
            writer.Add("IpAddressType", input.IpAddressType);
            return writer.Finish();
        }
    }
}
