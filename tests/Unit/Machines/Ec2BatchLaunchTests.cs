using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using Xunit;
using Xunit.Abstractions;

namespace BlueGreen.Tests.Unit.Machines
{
    /// <summary>
    /// The EC2 provider's batch launch: one RunInstances for the batch (MinCount 1, MaxCount N, one ClientToken from
    /// the names), each instance named by its launch index, partial capacity asked for again, and the waits made for
    /// the whole batch at once.
    /// </summary>
    public sealed class Ec2BatchLaunchTests : IDisposable
    {
        private readonly string _state = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bg-ec2-batch-" + Guid.NewGuid().ToString("n").Substring(0, 8));
        private readonly ITestOutputHelper _output;

        public Ec2BatchLaunchTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public void Dispose()
        {
            if (System.IO.Directory.Exists(_state))
            {
                System.IO.Directory.Delete(_state, true);
            }
        }

        private Ec2MachineProvider Provider(InMemoryEc2Client ec2)
        {
            var settings = new MachineSettings { Prefix = "shop-", Ec2 = new Ec2LaunchSettings { ImageId = "ami-0abcdef1234567890", InstanceType = "t3.small", SshUser = "admin" } };
            settings.Ec2.Ssh.KnownHostsFile = System.IO.Path.Combine(_state, "known_hosts");
            ec2.ConsoleOutput ??= (_, _) => Ssh.SampleHostKeys.Console();
            var runner = new RecordingCommandRunner()
                .When(a => a.Contains("ecdsa,ed25519,rsa"), r => new RecordingCommandRunner.Reply(0, new[] { r.Arguments.Last() + " " + Ssh.SampleHostKeys.InstanceEd25519 }, string.Empty, TimeSpan.Zero))
                .When(a => a[0] == "version", output: new[] { "24.0.7" });
            var ssh = new BlueGreen.Machines.Ssh.SshAccess(ec2, runner, "docker", settings.Ec2, NullOperationReporter.Instance, System.IO.Path.GetDirectoryName(settings.Ec2.Ssh.KnownHostsFile));
            return new Ec2MachineProvider(ec2, "shop", settings, ssh, NullOperationReporter.Instance) { FirstPollInterval = TimeSpan.FromMilliseconds(1), CapacityRetryPause = TimeSpan.FromMilliseconds(1) };
        }

        private static List<MachineLaunchRequest> Requests(int count) =>
            Enumerable.Range(0, count).Select(i => new MachineLaunchRequest($"shop-{i:x8}", "r7", "green")).ToList();

        private static IProgress<string>[] Silent(int count) => Enumerable.Range(0, count).Select(_ => (IProgress<string>)new Progress<string>()).ToArray();

        [Fact]
        public async Task One_RunInstances_makes_the_batch_and_each_instance_gets_its_name_by_launch_index()
        {
            var ec2 = new InMemoryEc2Client { PendingPolls = 2, InitializingPolls = 2 };
            List<MachineLaunchRequest> requests = Requests(64);
            var clock = Stopwatch.StartNew();

            IReadOnlyList<LaunchOutcome<MachineInstance>> outcomes = await Provider(ec2).LaunchBatchAsync(requests, Silent(64), 8, CancellationToken.None);

            _output.WriteLine($"64 machines: {clock.ElapsedMilliseconds} ms, RunInstances {ec2.RunRequests.Count}, DescribeInstances {ec2.DescribeRequests.Count}, CreateTags {ec2.CreateTagsRequests.Count}");
            Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.Error?.Message));
            RunInstancesRequest run = Assert.Single(ec2.RunRequests);
            Assert.Equal(1, run.MinCount);
            Assert.Equal(64, run.MaxCount);
            Assert.Equal(Ec2MachineProvider.BatchClientToken(requests.Select(r => r.Name), 1), run.ClientToken);
            Assert.True(run.ClientToken.Length <= 64);
            Assert.Contains(run.TagSpecifications[0].Tags, t => t.Key == Ec2MachineProvider.LaunchTagKey && t.Value == run.ClientToken);
            Assert.DoesNotContain(run.TagSpecifications[0].Tags, t => t.Key == "Name");
            Assert.Equal(requests.Select(r => r.Name), outcomes.Select(o => o.Value!.Name));
            foreach (Instance instance in ec2.Instances)
            {
                Assert.Equal($"shop-{instance.AmiLaunchIndex:x8}", instance.Tags.Single(t => t.Key == "Name").Value);
            }

            // Polls for the whole batch at once: a few DescribeInstances, not one per machine per poll.
            Assert.True(ec2.DescribeRequests.Count <= 4, $"{ec2.DescribeRequests.Count} DescribeInstances");
            Assert.Equal(64, (await Provider(ec2).ListAsync(CancellationToken.None)).Count);
        }

        [Fact]
        public async Task Partial_capacity_asks_again_for_what_is_missing_with_a_token_of_its_own()
        {
            var ec2 = new InMemoryEc2Client();
            ec2.Capacity.Enqueue(5);
            ec2.Capacity.Enqueue(0);
            List<MachineLaunchRequest> requests = Requests(12);

            IReadOnlyList<LaunchOutcome<MachineInstance>> outcomes = await Provider(ec2).LaunchBatchAsync(requests, Silent(12), 4, CancellationToken.None);

            Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.Error?.Message));
            Assert.Equal(new[] { 12, 7, 7 }, ec2.RunRequests.Select(r => r.MaxCount!.Value));
            Assert.Equal(3, ec2.RunRequests.Select(r => r.ClientToken).Distinct().Count());
            Assert.Equal(12, ec2.Alive.Count());
            Assert.Equal(requests.Select(r => r.Name).OrderBy(n => n), ec2.Instances.Select(i => i.Tags.Single(t => t.Key == "Name").Value).OrderBy(n => n));
        }

        [Fact]
        public async Task Capacity_that_never_comes_fails_only_the_missing_machines_and_keeps_the_others()
        {
            var ec2 = new InMemoryEc2Client();
            ec2.Capacity.Enqueue(3);
            for (int i = 0; i < 10; i++)
            {
                ec2.Capacity.Enqueue(0);
            }

            var provider = Provider(ec2);
            provider.MaxLaunchAttempts = 3;
            IReadOnlyList<LaunchOutcome<MachineInstance>> outcomes = await provider.LaunchBatchAsync(Requests(5), Silent(5), 4, CancellationToken.None);

            Assert.Equal(3, outcomes.Count(o => o.IsSuccess));
            Assert.All(outcomes.Where(o => !o.IsSuccess), o => Assert.Equal("InsufficientInstanceCapacity", ((BlueGreenException)o.Error!).ErrorId));
            Assert.Equal(3, ec2.Alive.Count());
        }

        [Fact]
        public async Task A_retried_batch_with_the_same_names_gets_the_same_instances_back()
        {
            var ec2 = new InMemoryEc2Client();
            await Provider(ec2).LaunchBatchAsync(Requests(4), Silent(4), 4, CancellationToken.None);

            IReadOnlyList<LaunchOutcome<MachineInstance>> again = await Provider(ec2).LaunchBatchAsync(Requests(4), Silent(4), 4, CancellationToken.None);

            Assert.Equal(4, ec2.Instances.Count());
            Assert.All(again, o => Assert.True(o.IsSuccess));
        }

        [Fact]
        public async Task An_impaired_instance_fails_alone_and_is_terminated()
        {
            var ec2 = new InMemoryEc2Client { FinalStatus = "impaired" };
            IReadOnlyList<LaunchOutcome<MachineInstance>> outcomes = await Provider(ec2).LaunchBatchAsync(Requests(3), Silent(3), 2, CancellationToken.None);

            Assert.All(outcomes, o => Assert.Equal("InstanceImpaired", ((BlueGreenException)o.Error!).ErrorId));
            Assert.Empty(ec2.Alive);
        }

        [Fact]
        public async Task An_instance_whose_name_was_never_tagged_is_listed_under_its_id()
        {
            var ec2 = new InMemoryEc2Client();
            Instance unnamed = ec2.Add("x", "shop");
            unnamed.Tags = new List<Tag> { new Tag("bluegreen:project", "shop"), new Tag(Ec2MachineProvider.LaunchTagKey, "bg-0123"), new Tag(ProjectConfiguration.DeploymentTagKey, "20261201T085300Z-a1b2") };

            MachineInstance listed = Assert.Single(await Provider(ec2).ListAsync(CancellationToken.None));

            Assert.Equal("shop-" + unnamed.InstanceId, listed.Name);
            Assert.Equal("20261201T085300Z-a1b2", listed.Deployment);
        }

        [Fact]
        public async Task The_deployment_is_tagged_by_RunInstances_itself_so_an_instance_is_the_deployments_before_its_name_is_tagged()
        {
            var ec2 = new InMemoryEc2Client();
            List<MachineLaunchRequest> requests = Enumerable.Range(0, 3).Select(i => new MachineLaunchRequest($"shop-{i:x8}", "r7", "green", "20261201T085300Z-a1b2")).ToList();

            IReadOnlyList<LaunchOutcome<MachineInstance>> outcomes = await Provider(ec2).LaunchBatchAsync(requests, Silent(3), 2, CancellationToken.None);

            Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.Error?.Message));
            RunInstancesRequest run = Assert.Single(ec2.RunRequests);
            Assert.Contains(run.TagSpecifications.Single(t => t.ResourceType == "instance").Tags, t => t.Key == ProjectConfiguration.DeploymentTagKey && t.Value == "20261201T085300Z-a1b2");
            // CreateTags writes the names only.
            Assert.All(ec2.CreateTagsRequests, c => Assert.Equal("Name", Assert.Single(c.Tags).Key));
            Assert.All(await Provider(ec2).ListAsync(CancellationToken.None), m => Assert.Equal("20261201T085300Z-a1b2", m.Deployment));
            // One machine launched on its own carries it too.
            RunInstancesRequest single = Provider(ec2).CreateRunInstancesRequest(requests[0]);
            Assert.Contains(single.TagSpecifications[0].Tags, t => t.Key == ProjectConfiguration.DeploymentTagKey && t.Value == "20261201T085300Z-a1b2");
        }
    }
}
