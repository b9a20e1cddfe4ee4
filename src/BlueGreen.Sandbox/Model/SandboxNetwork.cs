using System.Globalization;

namespace BlueGreen.Sandbox.Model
{
    /// <summary>
    /// The account, region, VPC, subnets (one per Availability Zone) and default security group the sandbox pretends
    /// to have. They stay the same across resets, so a test can keep using them.
    /// </summary>
    internal sealed class SandboxNetwork
    {
        internal SandboxNetwork(string region, string accountId, ResourceIdGenerator ids)
        {
            Region = region;
            AccountId = accountId;
            VpcId = "vpc-" + ids.Hex(17);
            DefaultSecurityGroupId = "sg-" + ids.Hex(17);
            Subnets = new[] { "a", "b", "c" }
                .Select((zone, index) => new KeyValuePair<string, string>("subnet-" + ids.Hex(17), region + zone))
                .ToList();
        }

        internal string Region { get; }

        internal string AccountId { get; }

        internal string VpcId { get; }

        internal string DefaultSecurityGroupId { get; }

        /// <summary>Subnet id and its Availability Zone.</summary>
        internal IReadOnlyList<KeyValuePair<string, string>> Subnets { get; }

        internal string? ZoneOfSubnet(string subnetId) =>
            Subnets.FirstOrDefault(s => string.Equals(s.Key, subnetId, StringComparison.Ordinal)).Value;

        /// <summary>The /20 of the VPC's 172.31.0.0/16 a subnet has, by its position.</summary>
        internal string PrivateAddress(string subnetId, int host)
        {
            int index = Math.Max(0, Subnets.Select(s => s.Key).ToList().IndexOf(subnetId));
            return string.Format(CultureInfo.InvariantCulture, "172.31.{0}.{1}", (index * 16) + (host / 250 % 16), (host % 250) + 4);
        }
    }
}
