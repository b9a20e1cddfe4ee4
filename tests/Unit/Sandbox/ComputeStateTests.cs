using System;
using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Protocol;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox
{
    public class ComputeStateTests
    {
        [Fact]
        public void ClientTokenReturnsTheSameInstancesOrAMismatch()
        {
            var fixture = new SandboxWorldFixture();
            ComputeState ec2 = fixture.World.Compute;
            var request = new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", MaxCount = 2, ClientToken = "t1", Fingerprint = "a" };

            var first = ec2.Run(request);
            var again = ec2.Run(request);

            Assert.Equal(2, first.Count);
            Assert.Equal(first, again);
            Assert.Equal(2, ec2.Instances.Count);
            var mismatch = Assert.Throws<AwsErrorException>(() => ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", ClientToken = "t1", Fingerprint = "b" }));
            Assert.Equal("IdempotentParameterMismatch", mismatch.Code);
        }

        [Fact]
        public void RunInstancesMakesMaxCountOrWhatCapacityAllowsAndNoneBelowMinCount()
        {
            var fixture = new SandboxWorldFixture();
            ComputeState ec2 = fixture.World.Compute;
            var batch = ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", MinCount = 1, MaxCount = 300, ClientToken = "fleet", Fingerprint = "f" });
            Assert.Equal(300, batch.Count);
            Assert.Equal(System.Linq.Enumerable.Range(0, 300), System.Linq.Enumerable.Select(batch, i => i.AmiLaunchIndex));

            ec2.Capacity.Enqueue(5);
            ec2.Capacity.Enqueue(5);
            Assert.Equal(5, ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", MinCount = 1, MaxCount = 8 }).Count);
            Assert.Equal("InsufficientInstanceCapacity", Assert.Throws<AwsErrorException>(() => ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", MinCount = 8, MaxCount = 8 })).Code);
            Assert.Equal(8, ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", MinCount = 8, MaxCount = 8 }).Count);
            Assert.Equal("InstanceLimitExceeded", Assert.Throws<AwsErrorException>(() => ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", MinCount = 1001, MaxCount = 1001 })).Code);
        }

        [Fact]
        public void InstancesBootRunAndPassStatusChecksOnTheClock()
        {
            var fixture = new SandboxWorldFixture();
            ComputeState ec2 = fixture.World.Compute;
            var instance = ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890" })[0];

            Assert.Same(InstanceState.Pending, ec2.StateOf(instance));
            fixture.Advance(TimeSpan.FromSeconds(1));
            Assert.Same(InstanceState.Running, ec2.StateOf(instance));
            Assert.Equal("initializing", ec2.StatusOf(instance).Summary);
            fixture.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal("ok", ec2.StatusOf(instance).Summary);

            ec2.Terminate(new[] { instance.InstanceId });
            Assert.Same(InstanceState.ShuttingDown, ec2.StateOf(instance));
            fixture.Advance(TimeSpan.FromSeconds(1));
            Assert.Same(InstanceState.Terminated, ec2.StateOf(instance));
        }

        [Theory]
        [InlineData("i-0123456789abcdef0", "InvalidInstanceID.NotFound")]
        [InlineData("instance-1", "InvalidInstanceID.Malformed")]
        public void UnknownOrMalformedIdsAreEc2Errors(string id, string code)
        {
            var fixture = new SandboxWorldFixture();
            Assert.Equal(code, Assert.Throws<AwsErrorException>(() => fixture.World.Compute.Get(new[] { id })).Code);
        }

        [Fact]
        public void A_loopback_private_ip_means_served_on_this_host_with_no_public_ip_and_may_be_shared()
        {
            var fixture = new SandboxWorldFixture();
            ComputeState ec2 = fixture.World.Compute;

            Ec2Instance first = ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", PrivateIpAddress = "127.0.0.1" })[0];
            Ec2Instance second = ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", PrivateIpAddress = "127.0.0.1" })[0];
            Ec2Instance plain = ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890" })[0];

            Assert.Equal("127.0.0.1", first.PrivateIpAddress);
            Assert.Null(first.PublicIpAddress);
            Assert.Equal("127.0.0.1", second.PrivateIpAddress);
            Assert.StartsWith("172.31.", plain.PrivateIpAddress);
            Assert.StartsWith("198.51.100.", plain.PublicIpAddress);
        }

        [Fact]
        public void A_subnet_private_ip_is_honoured_once_and_others_are_ec2_errors()
        {
            var fixture = new SandboxWorldFixture();
            ComputeState ec2 = fixture.World.Compute;

            Ec2Instance chosen = ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", PrivateIpAddress = "172.31.0.200" })[0];
            Assert.Equal("172.31.0.200", chosen.PrivateIpAddress);
            Assert.NotNull(chosen.PublicIpAddress);

            Assert.Equal("InvalidIPAddress.InUse", Assert.Throws<AwsErrorException>(() => ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", PrivateIpAddress = "172.31.0.200" })).Code);
            Assert.Equal("InvalidParameterValue", Assert.Throws<AwsErrorException>(() => ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", PrivateIpAddress = "10.1.2.3" })).Code);
            Assert.Equal("InvalidParameterValue", Assert.Throws<AwsErrorException>(() => ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", PrivateIpAddress = "127.0.0.one" })).Code);
            Assert.Equal("InvalidParameterCombination", Assert.Throws<AwsErrorException>(() => ec2.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", MaxCount = 2, PrivateIpAddress = "172.31.0.201" })).Code);
            Assert.Single(ec2.Instances);
        }
    }
}
