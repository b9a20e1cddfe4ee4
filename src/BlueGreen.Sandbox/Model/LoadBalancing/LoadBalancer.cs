using System.Text.Json.Nodes;
using BlueGreen.Aws.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>An Application (or Network) Load Balancer.</summary>
    internal sealed class LoadBalancer
    {
        internal LoadBalancer(string arn, string name, string type, string scheme, string ipAddressType, string vpcId,
            string dnsName, string canonicalHostedZoneId, DateTimeOffset createdTime,
            IReadOnlyList<LoadBalancerZone> availabilityZones, IReadOnlyList<string> securityGroups)
        {
            Arn = arn;
            Name = name;
            Type = type;
            Scheme = scheme;
            IpAddressType = ipAddressType;
            VpcId = vpcId;
            DnsName = dnsName;
            CanonicalHostedZoneId = canonicalHostedZoneId;
            CreatedTime = createdTime;
            AvailabilityZones = availabilityZones;
            SecurityGroups = securityGroups;
        }

        internal string Arn { get; }

        internal string Name { get; }

        /// <summary><c>application</c>, <c>network</c> or <c>gateway</c>.</summary>
        internal string Type { get; }

        internal string Scheme { get; }

        internal string IpAddressType { get; }

        internal string VpcId { get; }

        internal string DnsName { get; }

        internal string CanonicalHostedZoneId { get; }

        internal DateTimeOffset CreatedTime { get; }

        internal IReadOnlyList<LoadBalancerZone> AvailabilityZones { get; }

        internal IReadOnlyList<string> SecurityGroups { get; }

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
