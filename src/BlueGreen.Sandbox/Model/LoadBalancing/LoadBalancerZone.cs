namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>An Availability Zone a load balancer is in, through one of its subnets.</summary>
    internal sealed class LoadBalancerZone
    {
        internal LoadBalancerZone(string zoneName, string subnetId)
        {
            ZoneName = zoneName;
            SubnetId = subnetId;
        }

        internal string ZoneName { get; }

        internal string SubnetId { get; }
    }
}
