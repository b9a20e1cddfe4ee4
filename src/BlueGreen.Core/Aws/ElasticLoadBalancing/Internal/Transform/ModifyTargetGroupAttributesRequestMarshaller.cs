using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Marshals ModifyTargetGroupAttributes to its Query protocol form (Action=ModifyTargetGroupAttributes, Version=2015-12-01).</summary>
    internal sealed class ModifyTargetGroupAttributesRequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        internal static readonly ModifyTargetGroupAttributesRequestMarshaller Instance = new ModifyTargetGroupAttributesRequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input) => Marshall((ModifyTargetGroupAttributesRequest)input);

        internal IRequest Marshall(ModifyTargetGroupAttributesRequest request)
        {
            QueryParameterWriter writer = QueryParameterWriter.Start(request, "ModifyTargetGroupAttributes");
            writer.Add("TargetGroupArn", request.TargetGroupArn);
            writer.AddTargetGroupAttributes("Attributes", request.Attributes);
            return writer.Finish();
        }
    }
}
