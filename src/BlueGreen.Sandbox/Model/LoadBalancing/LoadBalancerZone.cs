namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>An Availability Zone a load balancer is in, through one of its subnets.</summary>
    internal sealed record LoadBalancerZone(string ZoneName, string SubnetId);
}
