namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>
    /// An EC2 instance. Its state follows from when it was launched and terminated, or, for a host instance, from its
    /// <see cref="Host"/> (see <see cref="ComputeState"/>).
    /// </summary>
    internal sealed class Ec2Instance(string instanceId, string reservationId, int amiLaunchIndex, string imageId, string instanceType, string? keyName, string subnetId, string vpcId, string availabilityZone, string privateIpAddress, string? publicIpAddress, IReadOnlyList<string> securityGroupIds, string? clientToken, DateTimeOffset launchTime)
    {
        internal string InstanceId { get; } = instanceId;

        internal string ReservationId { get; } = reservationId;

        internal int AmiLaunchIndex { get; } = amiLaunchIndex;

        internal string ImageId { get; } = imageId;

        internal string InstanceType { get; } = instanceType;

        internal string? KeyName { get; } = keyName;

        internal string SubnetId { get; } = subnetId;

        internal string VpcId { get; } = vpcId;

        internal string AvailabilityZone { get; } = availabilityZone;

        internal string PrivateIpAddress { get; } = privateIpAddress;

        /// <summary>Null for an instance served on this host (a loopback private IP).</summary>
        internal string? PublicIpAddress { get; } = publicIpAddress;

        internal IReadOnlyList<string> SecurityGroupIds { get; } = securityGroupIds;

        internal string? ClientToken { get; } = clientToken;

        internal DateTimeOffset LaunchTime { get; } = launchTime;

        internal DateTimeOffset? TerminatedAt { get; set; }

        internal TagSet Tags { get; } = new TagSet();

        /// <summary>The real host of an instance of the host runtime; null for a simulated one.</summary>
        internal IInstanceHost? Host { get; set; }
    }
}
