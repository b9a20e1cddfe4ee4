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
    }
}
