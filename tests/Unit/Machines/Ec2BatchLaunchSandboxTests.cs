using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2;
using BlueGreen.Aws;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Sandbox;
using BlueGreen.Tests.Unit.Aws;
using Xunit;
using Xunit.Abstractions;

namespace BlueGreen.Tests.Unit.Machines
{
    /// <summary>
    /// The EC2 provider's launches over the real AWS SDK against the sandbox's EC2 (Query protocol), with the
    /// sandbox's latency per call: a batch is one RunInstances, and its waits poll the whole batch at once, so the
    /// round trips on its critical path do not grow with the number of machines. No ssh (the provider's EC2 part).
    /// Set BLUEGREEN_FLEET_BENCH=1 to print the launch figures at N = 1, 64, 256 and 0 / 50 ms per call, per-machine
    /// launches (4 at once, the old default) against the batch.
    /// </summary>
    [Collection(AwsEnvironmentCollection.Name)]
    public sealed class Ec2BatchLaunchSandboxTests : IDisposable
    {
        private readonly AwsSandbox _sandbox = AwsSandbox.Start(new SandboxOptions
        {
            DataPlane = false,
            InstanceBootTime = TimeSpan.FromMilliseconds(200),
            InstanceStatusCheckTime = TimeSpan.FromMilliseconds(200),
        });

        private readonly EnvironmentVariableScope _environment = new EnvironmentVariableScope();
        private readonly ITestOutputHelper _output;

        public Ec2BatchLaunchSandboxTests(ITestOutputHelper output)
        {
            _output = output;
            _environment
                .Set("AWS_ACCESS_KEY_ID", "test").Set("AWS_SECRET_ACCESS_KEY", "test").Set("AWS_SESSION_TOKEN", null)
                .Set("AWS_EC2_METADATA_DISABLED", "true").Set("AWS_PROFILE", null)
                .Set("AWS_ENDPOINT_URL", null).Set("AWS_ENDPOINT_URL_EC2", null)
                .Set("AWS_MAX_ATTEMPTS", "3").Set("AWS_RETRY_MODE", "standard");
        }

        public void Dispose()
        {
            _environment.Dispose();
            _sandbox.Dispose();
        }

        [Fact]
        public async Task A_batch_of_64_at_50_ms_per_call_is_one_RunInstances_and_a_few_round_trips()
        {
            _sandbox.AddLatency("*", TimeSpan.FromMilliseconds(50));
            (TimeSpan time, int calls, int runs) = await LaunchAsync(64, batch: true);

            _output.WriteLine($"batch of 64 at 50 ms: {time.TotalSeconds:0.00} s, {calls} calls");
            Assert.Equal(1, runs);
            Assert.Equal(64, _sandbox.Requests.Count(r => r.Action == "CreateTags"));
            // Boot and checks take 0.4 s; the polls pause 0.1 s growing by half. Per-machine launches, 4 at once, take 16 waves of that.
            Assert.True(time < TimeSpan.FromSeconds(4), $"took {time}");
        }

        [Fact]
        public async Task The_sandbox_keeps_the_deployment_tag_RunInstances_carried()
        {
            (_, _, int runs) = await LaunchAsync(3, batch: true, deployment: "20261201T085300Z-a1b2");

            Assert.Equal(1, runs);
            using IAmazonEC2 ec2 = new AwsClientFactory(new AwsConnectionSettings { Region = "us-east-1", EndpointUrl = _sandbox.Endpoint }).CreateEC2();
            var settings = new MachineSettings { Prefix = "fleet-" };
            var provider = new Ec2MachineProvider(ec2, "fleet", settings, settings.Ec2, MachineProviderKind.Ec2, NullOperationReporter.Instance);
            IReadOnlyList<MachineInstance> listed = await provider.ListAsync(CancellationToken.None);
            Assert.Equal(3, listed.Count);
            Assert.All(listed, m => Assert.Equal("20261201T085300Z-a1b2", m.Deployment));
        }

        [Fact]
        public async Task Partial_capacity_on_the_sandbox_is_asked_for_again()
        {
            _sandbox.LimitInstanceCapacity(10, 0);
            (_, _, int runs) = await LaunchAsync(30, batch: true);

            Assert.Equal(3, runs);
            Assert.Equal(new[] { "30", "20", "20" }, _sandbox.Requests.Where(r => r.Action == "RunInstances").Select(r => r.Parameters["MaxCount"]));
        }

        [Fact]
        public async Task Launch_figures_per_machine_against_batch()
        {
            if (Environment.GetEnvironmentVariable("BLUEGREEN_FLEET_BENCH") != "1")
            {
                return;
            }

            foreach (int latency in new[] { 0, 50 })
            {
                _sandbox.ClearFaults();
                if (latency > 0)
                {
                    _sandbox.AddLatency("*", TimeSpan.FromMilliseconds(latency));
                }

                foreach (int count in new[] { 1, 64, 256 })
                {
                    foreach (bool batch in new[] { false, true })
                    {
                        (TimeSpan time, int calls, _) = await LaunchAsync(count, batch);
                        _output.WriteLine($"latency {latency} ms, N = {count}, {(batch ? "batch" : "per machine, 4 at once")}: {time.TotalSeconds:0.00} s, {calls} EC2 calls");
                    }
                }
            }
        }

        private async Task<(TimeSpan Time, int Calls, int Runs)> LaunchAsync(int count, bool batch, string? deployment = null)
        {
            _sandbox.ClearRequests();
            using IAmazonEC2 ec2 = new AwsClientFactory(new AwsConnectionSettings { Region = "us-east-1", EndpointUrl = _sandbox.Endpoint }).CreateEC2();
            var settings = new MachineSettings { Prefix = "fleet-", Ec2 = new Ec2LaunchSettings { ImageId = "ami-0abcdef1234567890", InstanceType = "t3.small" } };
            var provider = new Ec2MachineProvider(ec2, "fleet", settings, settings.Ec2, MachineProviderKind.Ec2, NullOperationReporter.Instance)
            {
                FirstPollInterval = TimeSpan.FromMilliseconds(100),
                CapacityRetryPause = TimeSpan.FromMilliseconds(10),
            };
            var requests = Enumerable.Range(0, count).Select(_ => new MachineLaunchRequest(MachineName.CreateUnique("fleet-"), "r1", "green", deployment)).ToList();
            var status = requests.Select(_ => (IProgress<string>)new Progress<string>()).ToList();
            var clock = Stopwatch.StartNew();
            IReadOnlyList<LaunchOutcome<MachineInstance>> outcomes = batch
                ? await provider.LaunchBatchAsync(requests, status, 4, CancellationToken.None)
                : await ParallelLaunchScheduler.RunAsync(count, 4, (i, token) => provider.LaunchAsync(requests[i], status[i], token), CancellationToken.None);
            clock.Stop();
            Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.Error?.Message));
            int calls = _sandbox.Requests.Count(r => r.Service == "ec2");
            return (clock.Elapsed, calls, _sandbox.Requests.Count(r => r.Action == "RunInstances"));
        }
    }
}
