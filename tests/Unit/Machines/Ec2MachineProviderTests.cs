using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines
{
    public sealed class Ec2MachineProviderTests : IDisposable
    {
        private readonly string _state = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bg-ec2-tests-" + Guid.NewGuid().ToString("n").Substring(0, 8));

        public void Dispose()
        {
            if (System.IO.Directory.Exists(_state))
            {
                System.IO.Directory.Delete(_state, true);
            }
        }

        private static MachineSettings Settings(Action<Ec2LaunchSettings>? configure = null)
        {
            var settings = new MachineSettings
            {
                Prefix = "shop-",
                Ec2 = new Ec2LaunchSettings
                {
                    ImageId = "ami-0abcdef1234567890",
                    InstanceType = "t3.small",
                    SubnetId = "subnet-1",
                    SecurityGroupIds = new[] { "sg-1", "sg-2" },
                    KeyName = "deploy",
                    InstanceProfile = "shop-web",
                    UserData = "#!/bin/sh\necho hi",
                    SshUser = "admin",
                },
            };
            configure?.Invoke(settings.Ec2);
            return settings;
        }

        /// <summary>
        /// The provider with ssh as the fakes of <see cref="Ssh.SshTestWorld"/> answer it: each instance prints its host
        /// keys to the console, ssh-keyscan reads them, docker version answers (this file's tests are about EC2).
        /// </summary>
        private Ec2MachineProvider Provider(InMemoryEc2Client ec2, MachineSettings? settings = null)
        {
            settings ??= Settings();
            settings.Ec2.Ssh.KnownHostsFile = System.IO.Path.Combine(_state, "known_hosts");
            ec2.ConsoleOutput ??= (_, _) => Ssh.SampleHostKeys.Console();
            var runner = new RecordingCommandRunner()
                .When(a => a.Contains("ecdsa,ed25519,rsa"), r => new RecordingCommandRunner.Reply(0, new[] { r.Arguments.Last() + " " + Ssh.SampleHostKeys.InstanceEd25519 }, string.Empty, TimeSpan.Zero))
                .When(a => a[0] == "version", output: new[] { "24.0.7" });
            var ssh = new BlueGreen.Machines.Ssh.SshAccess(ec2, runner, "docker", settings.Ec2, NullOperationReporter.Instance, System.IO.Path.GetDirectoryName(settings.Ec2.Ssh.KnownHostsFile));
            return new Ec2MachineProvider(ec2, "shop", settings, ssh, NullOperationReporter.Instance) { FirstPollInterval = TimeSpan.FromMilliseconds(1) };
        }

        [Fact]
        public async Task Launch_sends_settings_tags_and_a_client_token_then_waits_for_status_checks()
        {
            var ec2 = new InMemoryEc2Client { PendingPolls = 2, InitializingPolls = 2 };
            var statuses = new List<string>();

            MachineInstance machine = await Provider(ec2).LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d", "r7"), new SynchronousProgress(statuses), CancellationToken.None);

            RunInstancesRequest run = Assert.Single(ec2.RunRequests);
            Assert.Equal("shop-0a1b2c3d", run.ClientToken);
            Assert.Equal("ami-0abcdef1234567890", run.ImageId);
            Assert.Equal("t3.small", run.InstanceType.Value);
            Assert.Equal("subnet-1", run.SubnetId);
            Assert.Equal(new[] { "sg-1", "sg-2" }, run.SecurityGroupIds);
            Assert.Equal("deploy", run.KeyName);
            Assert.Equal("shop-web", run.IamInstanceProfile.Name);
            Assert.Equal("#!/bin/sh\necho hi", Encoding.UTF8.GetString(Convert.FromBase64String(run.UserData)));
            Assert.Equal(1, run.MinCount);
            Assert.Equal(1, run.MaxCount);
            TagSpecification tags = Assert.Single(run.TagSpecifications);
            Assert.Equal(ResourceType.Instance, tags.ResourceType);
            Assert.Equal(new[] { "Name=shop-0a1b2c3d", "bluegreen:project=shop", "bluegreen:release=r7" }, tags.Tags.Select(t => t.Key + "=" + t.Value));

            Assert.Equal("running", machine.State);
            Assert.Equal("203.0.113.1", machine.Address);
            Assert.Equal("r7", machine.Release);
            Assert.Contains(statuses, s => s.Contains("status checks"));
            Assert.Equal("ssh://admin@203.0.113.1", (await Provider(ec2).GetDockerConnectionAsync(machine, CancellationToken.None)).Host);
        }

        [Fact]
        public async Task A_launch_template_replaces_image_and_type()
        {
            var ec2 = new InMemoryEc2Client();
            MachineSettings settings = Settings(e =>
            {
                e.LaunchTemplate = "lt-0123";
                e.LaunchTemplateVersion = "$Latest";
                e.ImageId = null;
                e.InstanceType = null;
                e.InstanceProfile = "arn:aws:iam::123456789012:instance-profile/web";
            });

            await Provider(ec2, settings).LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d"), new Progress<string>(), CancellationToken.None);

            RunInstancesRequest run = Assert.Single(ec2.RunRequests);
            Assert.Equal("lt-0123", run.LaunchTemplate.LaunchTemplateId);
            Assert.Equal("$Latest", run.LaunchTemplate.Version);
            Assert.Null(run.ImageId);
            Assert.Equal("arn:aws:iam::123456789012:instance-profile/web", run.IamInstanceProfile.Arn);
            Assert.DoesNotContain(run.TagSpecifications.Single().Tags, t => t.Key == "bluegreen:release");
        }

        [Fact]
        public async Task Without_template_or_image_the_launch_names_the_missing_settings()
        {
            var ec2 = new InMemoryEc2Client();
            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                Provider(ec2, Settings(e => e.ImageId = null)).LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d"), new Progress<string>(), CancellationToken.None));
            Assert.Equal("Ec2LaunchSettingsIncomplete", error.ErrorId);
            Assert.Contains("Machines.Ec2.ImageId", error.Message);
            Assert.Empty(ec2.RunRequests);
        }

        [Fact]
        public async Task Impaired_status_checks_terminate_the_instance()
        {
            var ec2 = new InMemoryEc2Client { FinalStatus = "impaired" };
            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                Provider(ec2).LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d"), new Progress<string>(), CancellationToken.None));
            Assert.Equal("InstanceImpaired", error.ErrorId);
            Assert.Empty(ec2.Alive);
            Assert.Single(ec2.Terminated);
        }

        [Fact]
        public async Task A_launch_that_times_out_terminates_the_instance()
        {
            var ec2 = new InMemoryEc2Client { InitializingPolls = int.MaxValue };
            Ec2MachineProvider provider = Provider(ec2);
            provider.ReadyTimeout = TimeSpan.FromMilliseconds(200);

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                provider.LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d"), new Progress<string>(), CancellationToken.None));

            Assert.Equal("WaitTimedOut", error.ErrorId);
            Assert.Equal(FailureCategory.OperationTimeout, error.Category);
            Assert.Empty(ec2.Alive);
        }

        [Fact]
        public async Task A_cancelled_launch_terminates_the_instance()
        {
            var ec2 = new InMemoryEc2Client { InitializingPolls = int.MaxValue };
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                Provider(ec2).LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d"), new Progress<string>(), cancellation.Token));

            Assert.Single(ec2.Instances);
            Assert.Empty(ec2.Alive);
        }

        [Fact]
        public async Task A_launch_cancelled_while_RunInstances_is_in_flight_terminates_the_instance_it_made()
        {
            // The Local provider cancels the EC2 launch when gunicorn fails; the instance is made after the cancel.
            var ec2 = new InMemoryEc2Client { RunInstancesInFlight = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously) };
            using var cancellation = new CancellationTokenSource();
            Task<MachineInstance> launch = Provider(ec2).LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d"), new Progress<string>(), cancellation.Token);
            await ec2.RunInstancesArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

            cancellation.Cancel();
            await Task.Delay(200);
            Assert.False(launch.IsCompleted, "the launch waits for RunInstances to name its instance");
            Assert.Empty(ec2.Instances);
            ec2.RunInstancesInFlight.SetResult(true);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => launch.WaitAsync(TimeSpan.FromSeconds(10)));
            Instance made = Assert.Single(ec2.Instances);
            Assert.Equal(new[] { made.InstanceId }, ec2.Terminated);
            Assert.Empty(ec2.Alive);
        }

        [Fact]
        public async Task A_cancelled_launch_stops_waiting_for_a_RunInstances_that_never_answers_after_the_grace()
        {
            var ec2 = new InMemoryEc2Client { RunInstancesInFlight = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously) };
            Ec2MachineProvider provider = Provider(ec2);
            provider.RunInstancesCancelGrace = TimeSpan.FromMilliseconds(300);
            using var cancellation = new CancellationTokenSource();
            Task<MachineInstance> launch = provider.LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d"), new Progress<string>(), cancellation.Token);
            await ec2.RunInstancesArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

            var clock = System.Diagnostics.Stopwatch.StartNew();
            cancellation.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => launch.WaitAsync(TimeSpan.FromSeconds(10)));

            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(9));
            // It looked for the instance by its Name tag before giving up.
            Assert.Contains(ec2.DescribeRequests, d => d.Filters?.Any(f => f.Name == "tag:Name" && f.Values.Contains("shop-0a1b2c3d")) == true);
        }

        [Fact]
        public async Task RunInstances_failing_after_it_made_the_instance_leaves_none_behind()
        {
            var ec2 = new InMemoryEc2Client { FailRunInstancesAfterLaunch = new AmazonEC2Exception("We encountered an internal error.") };

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                Provider(ec2).LaunchAsync(new MachineLaunchRequest("shop-0a1b2c3d"), new Progress<string>(), CancellationToken.None));

            Assert.StartsWith("Aws", error.ErrorId);
            Assert.Single(ec2.Instances);
            Assert.Empty(ec2.Alive);
        }

        [Fact]
        public async Task A_retried_run_with_the_same_request_makes_one_instance()
        {
            var ec2 = new InMemoryEc2Client();
            Ec2MachineProvider provider = Provider(ec2);
            var request = new MachineLaunchRequest("shop-0a1b2c3d");
            RunInstancesRequest run = provider.CreateRunInstancesRequest(request);

            RunInstancesResponse first = await ec2.RunInstancesAsync(run);
            RunInstancesResponse second = await ec2.RunInstancesAsync(provider.CreateRunInstancesRequest(request));

            Assert.Equal(first.Reservation.Instances[0].InstanceId, second.Reservation.Instances[0].InstanceId);
            Assert.Single(ec2.Instances);
        }

        [Fact]
        public async Task List_pages_through_tag_filtered_instances_and_keeps_the_prefix_and_live_states()
        {
            var ec2 = new InMemoryEc2Client();
            for (int i = 0; i < 5; i++)
            {
                ec2.Add($"shop-0000000{i}", "shop");
            }

            ec2.Add("shop-dead0000", "shop", "terminated");
            ec2.Add("admin-box", "shop");
            ec2.Add("shop-11111111", "other");
            Ec2MachineProvider provider = Provider(ec2);
            provider.PageSize = 2;

            IReadOnlyList<MachineInstance> machines = await provider.ListAsync(CancellationToken.None);

            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"shop-0000000{i}"), machines.Select(m => m.Name).OrderBy(n => n));
            Assert.True(ec2.DescribeRequests.Count >= 3);
            Assert.All(ec2.DescribeRequests, r => Assert.Equal("tag:bluegreen:project", Assert.Single(r.Filters).Name));
            Assert.Equal(2, ec2.DescribeRequests[0].MaxResults);
        }

        [Fact]
        public async Task Remove_terminates_the_instance()
        {
            var ec2 = new InMemoryEc2Client();
            Instance instance = ec2.Add("shop-00000001", "shop");
            await Provider(ec2).RemoveAsync(new MachineInstance("shop-00000001", instance.InstanceId, MachineProviderKind.Ec2, "1.2.3.4", "running"), CancellationToken.None);
            Assert.Equal(instance.InstanceId, Assert.Single(ec2.Terminated));
        }

        [Fact]
        public async Task A_machine_without_address_has_no_docker_connection()
        {
            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                Provider(new InMemoryEc2Client()).GetDockerConnectionAsync(new MachineInstance("shop-1", "i-1", MachineProviderKind.Ec2, null, "pending"), CancellationToken.None));
            Assert.Equal("MachineHasNoAddress", error.ErrorId);
        }

        private sealed class SynchronousProgress : IProgress<string>
        {
            private readonly List<string> _values;

            internal SynchronousProgress(List<string> values) => _values = values;

            public void Report(string value)
            {
                lock (_values)
                {
                    _values.Add(value);
                }
            }
        }
    }
}
