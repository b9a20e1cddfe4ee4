namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of DescribeTargetGroupAttributes (see DescribeTargetGroupAttributesRequestMarshaller).</summary>
    internal sealed class DescribeTargetGroupAttributesRequest : ElasticLoadBalancingV2Request
    {
        public string? TargetGroupArn { get; set; }
    }
}
