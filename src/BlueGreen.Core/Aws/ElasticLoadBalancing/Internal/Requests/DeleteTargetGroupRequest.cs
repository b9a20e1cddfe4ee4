namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests
{
    /// <summary>The parameters of DeleteTargetGroup (see DeleteTargetGroupRequestMarshaller).</summary>
    internal sealed class DeleteTargetGroupRequest : ElasticLoadBalancingV2Request
    {
        public string? TargetGroupArn { get; set; }
    }
}
