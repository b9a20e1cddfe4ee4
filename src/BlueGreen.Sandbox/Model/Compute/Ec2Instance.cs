namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>
    /// An EC2 instance. Its state follows from when it was launched and terminated, or, for a host instance, from its
    /// <see cref="Host"/> (see <see cref="ComputeState"/>).
    /// </summary>
    internal sealed class Ec2Instance
    {
        internal Ec2Instance(string instanceId, string reservationId, int amiLaunchIndex, string imageId, string instanceType,
            string? keyName, string subnetId, string vpcId, string availabilityZone, string privateIpAddress, string? publicIpAddress,
            IReadOnlyList<string> securityGroupIds, string? clientToken, DateTimeOffset launchTime)
        {
            InstanceId = instanceId;
            ReservationId = reservationId;
            AmiLaunchIndex = amiLaunchIndex;
            ImageId = imageId;
            InstanceType = instanceType;
            KeyName = keyName;
            SubnetId = subnetId;
            VpcId = vpcId;
            AvailabilityZone = availabilityZone;
            PrivateIpAddress = privateIpAddress;
            PublicIpAddress = publicIpAddress;
            SecurityGroupIds = securityGroupIds;
            ClientToken = clientToken;
            LaunchTime = launchTime;
        }

        internal string InstanceId { get; }

        internal string ReservationId { get; }

        internal int AmiLaunchIndex { get; }

        internal string ImageId { get; }

        internal string InstanceType { get; }

        internal string? KeyName { get; }

        internal string SubnetId { get; }

        internal string VpcId { get; }

        internal string AvailabilityZone { get; }

        internal string PrivateIpAddress { get; }

        /// <summary>Null for an instance served on this host (a loopback private IP).</summary>
        internal string? PublicIpAddress { get; }

        internal IReadOnlyList<string> SecurityGroupIds { get; }

        internal string? ClientToken { get; }

        internal DateTimeOffset LaunchTime { get; }

        internal DateTimeOffset? TerminatedAt { get; set; }

        internal TagSet Tags { get; } = new TagSet();

        /// <summary>The real host of an instance of the host runtime; null for a simulated one.</summary>
        internal IInstanceHost? Host { get; set; }
    }
}
