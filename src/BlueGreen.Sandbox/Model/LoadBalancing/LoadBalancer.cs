using System.Text.Json.Nodes;
using BlueGreen.Aws.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>An Application (or Network) Load Balancer.</summary>
    internal sealed class LoadBalancer(string arn, string name, string type, string scheme, string ipAddressType, string vpcId, string dnsName, string canonicalHostedZoneId, DateTimeOffset createdTime, IReadOnlyList<LoadBalancerZone> availabilityZones, IReadOnlyList<string> securityGroups)
    {
        internal string Arn { get; } = arn;

        internal string Name { get; } = name;

        /// <summary><c>application</c>, <c>network</c> or <c>gateway</c>.</summary>
        internal string Type { get; } = type;

        internal string Scheme { get; } = scheme;

        internal string IpAddressType { get; } = ipAddressType;

        internal string VpcId { get; } = vpcId;

        internal string DnsName { get; } = dnsName;

        internal string CanonicalHostedZoneId { get; } = canonicalHostedZoneId;

        internal DateTimeOffset CreatedTime { get; } = createdTime;

        internal IReadOnlyList<LoadBalancerZone> AvailabilityZones { get; } = availabilityZones;

        internal IReadOnlyList<string> SecurityGroups { get; } = securityGroups;

        internal TagSet Tags { get; } = new TagSet();

        /// <summary>The segment ARNs of its listeners use: <c>app/name/id</c>.</summary>
        internal string ResourcePath => Arn.Substring(Arn.IndexOf(":loadbalancer/", StringComparison.Ordinal) + ":loadbalancer/".Length);


        /// <summary>The load balancer as the model's LoadBalancer shape (state provisioning right after it was created, else active).</summary>
        internal JsonObject ToShape(bool provisioning) => new JsonObject
        {
            ["LoadBalancerArn"] = Arn,
            ["DNSName"] = DnsName,
            ["CanonicalHostedZoneId"] = CanonicalHostedZoneId,
            ["CreatedTime"] = CreatedTime,
            ["LoadBalancerName"] = Name,
            ["Scheme"] = Scheme,
            ["VpcId"] = VpcId,
            ["State"] = new JsonObject { ["Code"] = provisioning ? "provisioning" : "active" },
            ["Type"] = Type,
            ["AvailabilityZones"] = ShapeValues.Array(AvailabilityZones, z => new JsonObject { ["ZoneName"] = z.ZoneName, ["SubnetId"] = z.SubnetId, ["LoadBalancerAddresses"] = new JsonArray() }),
            ["SecurityGroups"] = Type != "network" || SecurityGroups.Count > 0 ? ShapeValues.Array(SecurityGroups) : null,
            ["IpAddressType"] = IpAddressType,
        };
    }
}
