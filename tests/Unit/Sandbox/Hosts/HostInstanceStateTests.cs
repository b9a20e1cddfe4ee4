using System;
using System.Collections.Generic;
using System.Linq;
using BlueGreen.Sandbox;
using BlueGreen.Sandbox.Hosts;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Protocol;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox.Hosts
{
    /// <summary>How EC2's view of a host instance follows its host (a fake here: the real one needs root, sshd and dockerd).</summary>
    public class HostInstanceStateTests
    {
        [Fact]
        public void Pending_until_sshd_answers_then_running_and_shutting_down_until_everything_is_gone()
        {
            var (world, hosts) = NewWorld();
            world.KeyPairs.Import("deploy", KeyPairStateTests.Ed25519, new List<KeyValuePair<string, string>>());
            Ec2Instance instance = world.Compute.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", MaxCount = 2, KeyName = "deploy" })[0];
            FakeHost host = hosts.Launched[0];

            Assert.Equal("127.0.1.1", instance.PrivateIpAddress);
            Assert.Equal("127.0.1.1", instance.PublicIpAddress);
            Assert.Equal("127.0.1.2", hosts.Launched[1].Instance.PrivateIpAddress);
            Assert.StartsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIDU", host.AuthorizedKey, StringComparison.Ordinal);
            Assert.Same(InstanceState.Pending, world.Compute.StateOf(instance));
            Assert.Same(InstanceStatusCheck.NotApplicable, world.Compute.StatusOf(instance));

            host.RunningAt = world.Now;
            Assert.Same(InstanceState.Running, world.Compute.StateOf(instance));
            Assert.Equal("initializing", world.Compute.StatusOf(instance).Summary);

            world.Compute.Terminate(new[] { instance.InstanceId });
            Assert.True(host.TerminateCalled);
            Assert.Same(InstanceState.ShuttingDown, world.Compute.StateOf(instance));
            host.Stopped = true;
            Assert.Same(InstanceState.Terminated, world.Compute.StateOf(instance));
        }

        [Fact]
        public void A_KeyName_that_does_not_exist_or_a_PrivateIpAddress_fails_and_launches_nothing()
        {
            var (world, hosts) = NewWorld();

            var missing = Assert.Throws<AwsErrorException>(() => world.Compute.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", KeyName = "nobody" }));
            var address = Assert.Throws<AwsErrorException>(() => world.Compute.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", PrivateIpAddress = "127.0.1.9" }));

            Assert.Equal("InvalidKeyPair.NotFound", missing.Code);
            Assert.Equal("InvalidParameterValue", address.Code);
            Assert.Empty(hosts.Launched);
            Assert.Empty(world.Compute.Instances);
        }

        [Fact]
        public void The_simulated_runtime_still_takes_any_KeyName()
        {
            var fixture = new SandboxWorldFixture();
            Ec2Instance instance = fixture.World.Compute.Run(new InstanceLaunchRequest { ImageId = "ami-0abcdef1234567890", KeyName = "never-imported" })[0];
            Assert.Null(instance.Host);
            Assert.Equal("never-imported", instance.KeyName);
        }

        private static (SandboxWorld World, FakeHosts Hosts) NewWorld()
        {
            DateTimeOffset now = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
            var options = new SandboxOptions { RandomSeed = 7, Clock = () => now, InstanceRuntime = InstanceRuntime.Host };
            var ids = new ResourceIdGenerator(options.RandomSeed);
            var hosts = new FakeHosts();
            return (new SandboxWorld(options, new SandboxNetwork(options.Region, options.AccountId, ids), ids, hosts), hosts);
        }

        private sealed class FakeHosts : IInstanceHosts
        {
            private readonly HostAddressPool _pool = new HostAddressPool("127.0.1", () => Array.Empty<string>());

            internal List<FakeHost> Launched { get; } = new List<FakeHost>();

            public IReadOnlyList<string> AllocateAddresses(int minCount, int maxCount) => _pool.Allocate(minCount, maxCount);

            public IInstanceHost Launch(Ec2Instance instance, string? authorizedKey)
            {
                var host = new FakeHost(instance, authorizedKey);
                Launched.Add(host);
                return host;
            }
        }

        private sealed class FakeHost : IInstanceHost
        {
            internal FakeHost(Ec2Instance instance, string? authorizedKey)
            {
                Instance = instance;
                AuthorizedKey = authorizedKey;
            }

            internal Ec2Instance Instance { get; }

            internal string? AuthorizedKey { get; }

            internal bool TerminateCalled { get; private set; }

            public DateTimeOffset? RunningAt { get; set; }

            public bool Stopped { get; set; }

            public string ConsoleOutput => string.Empty;

            public DateTimeOffset? ConsoleTimestamp => null;

            public void Terminate() => TerminateCalled = true;
        }
    }
}
