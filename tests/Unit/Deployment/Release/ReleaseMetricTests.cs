using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// The canary and the bake judged by the new group's load balancer metrics (<see cref="FakeCloudWatch"/>): a 5xx
    /// canary sent back within two check intervals with its verdict journaled, inconclusive verdicts, alarms, a
    /// multi-step canary's weights, and the canary's stickiness put back after the switch, a rollback, a kill.
    /// </summary>
    public sealed class ReleaseMetricTests
    {
        private static readonly ReleaseCheck[] None = Array.Empty<ReleaseCheck>();

        [Fact]
        public async Task A_canary_answering_20_percent_5xx_is_rolled_back_within_two_check_intervals_with_its_verdict_journaled()
        {
            ReleaseWorld world = WithMetrics();
            world.CloudWatch!.Serve(FakeLoadBalancer.Blue, 90);
            world.CloudWatch.Serve(FakeLoadBalancer.Green, 10, errorPercent: 20, responseTime: 0.031);
            DateTime? watchStarted = null;
            world.OnStepStarted = name => watchStarted ??= name == ReleaseSteps.WatchCanary ? world.Now : null;

            DeploymentFailedException rolledBack = await Assert.ThrowsAsync<DeploymentFailedException>(() =>
                world.Engine().StartAsync(ReleaseWorld.Options(o => { o.CanaryWeight = 10; o.CanaryDuration = TimeSpan.FromMinutes(5); }), None, None, CancellationToken.None));

            Assert.Equal("DeploymentRolledBack", rolledBack.ErrorId);
            Assert.Contains("The canary degraded: shop-green's metrics: Canary 10% ", rolledBack.Message);
            Assert.Contains("Failed (5xx rate 20.0% over the 5% allowed): 20 of 100 requests 5xx (20.0%); p90 0.031 s; unhealthy 0", rolledBack.Message);
            DeploymentRecord record = await world.LatestAsync();
            Assert.Equal(DeploymentStatus.RolledBack, record.Status);
            DeploymentStep watch = record.Steps.Last(s => s.Name == ReleaseSteps.WatchCanary);
            Assert.Equal(StepOutcome.Failed, watch.Outcome);
            Assert.True(watch.EndedAt - watchStarted <= TimeSpan.FromSeconds(20), $"The canary was watched {watch.EndedAt - watchStarted} before it failed.");
            Assert.Single(world.CloudWatch.Reads);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            string verdicts = record.Outputs[WatchStep.VerdictOutput];
            Assert.Matches(@"^Canary 10% 08:5\d:\d\d-08:5\d:\d\d Failed \(5xx rate 20\.0% over the 5% allowed\): 20 of 100 requests 5xx \(20\.0%\); p90 0\.031 s; unhealthy 0\n$", verdicts);
            Assert.Contains("5xx rate 20.0%", record.RollbackReason);
            Assert.Equal(new[] { watch.Error }, new[] { record.RollbackReason });
            await world.AssertSiteIsSafeAsync();
        }

        [Fact]
        public async Task A_healthy_release_passes_every_check_and_each_verdict_is_journaled_with_its_figures()
        {
            ReleaseWorld world = WithMetrics();
            world.CloudWatch!.Serve(FakeLoadBalancer.Green, 50, errorPercent: 1, responseTime: 0.2);

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(o => { o.CanaryWeight = 10; o.CanaryDuration = TimeSpan.FromSeconds(20); }), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            string[] lines = record.Outputs[WatchStep.VerdictOutput].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // Canary 20 s and bake 30 s, checked every 10 s after the first look.
            Assert.Equal(new[] { "Canary 10%", "Canary 10%", "Bake", "Bake", "Bake" }, lines.Select(l => l.Substring(0, l.IndexOf(" 08:", StringComparison.Ordinal))));
            Assert.All(lines, l => Assert.Contains(" Passed: 5 of 500 requests 5xx (1.0%); p90 0.2 s; unhealthy 0", l));
            Assert.Null(record.RollbackReason);
        }

        [Fact]
        public async Task Too_few_requests_are_inconclusive_reported_and_passing_unless_FailWhenInconclusive()
        {
            ReleaseWorld world = WithMetrics();
            world.CloudWatch!.Serve(FakeLoadBalancer.Green, 0.5);

            DeploymentRecord passed = await world.Engine().StartAsync(ReleaseWorld.Options(o => o.BakeTime = TimeSpan.FromSeconds(20)), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, passed.Status);
            Assert.All(passed.Outputs[WatchStep.VerdictOutput].Split('\n', StringSplitOptions.RemoveEmptyEntries),
                l => Assert.Contains("Inconclusive (5 requests, fewer than the 20 Analysis.MinRequestCount asks to judge by): 0 of 5 requests 5xx (0.0%)", l));
            Assert.Contains(world.Reporter.VerboseMessages, w => w.StartsWith("WARNING: Bake: shop-green's metrics were inconclusive in all 2 check(s)", StringComparison.Ordinal));

            var strict = WithMetrics();
            strict.Config.Analysis.FailWhenInconclusive = true;
            strict.CloudWatch!.Serve(FakeLoadBalancer.Green, 0);
            DeploymentFailedException failed = await Assert.ThrowsAsync<DeploymentFailedException>(() =>
                strict.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None));
            Assert.Contains("The bake failed: shop-green's metrics: Bake ", failed.Message);
            Assert.Contains("Inconclusive (0 requests, fewer than the 20", failed.Message);
            Assert.Contains("0 of 0 requests 5xx; p90 no data; unhealthy no data", failed.Message);
            Assert.Equal(FakeLoadBalancer.Blue, strict.Elb.ServingGroup());
        }

        [Fact]
        public async Task Metrics_that_cannot_be_read_make_the_check_inconclusive_not_the_deployment_failed()
        {
            ReleaseWorld world = WithMetrics();
            world.CloudWatch!.Serve(FakeLoadBalancer.Green, 50);
            world.Fail("GetMetricData", times: 10, () => new BlueGreenException("AccessDenied", FailureCategory.PermissionDenied, "not authorized to perform: cloudwatch:GetMetricData"));

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.All(record.Verdicts, v => Assert.Contains("Inconclusive (the metrics could not be read: not authorized to perform: cloudwatch:GetMetricData)", v));
            Assert.Equal(3, record.Verdicts.Count);
        }

        [Fact]
        public async Task An_alarm_in_ALARM_fails_the_bake_and_a_slow_release_fails_on_its_response_time()
        {
            ReleaseWorld world = WithMetrics();
            world.Config.Analysis.Alarms = new[] { "shop-5xx", "shop-latency" };
            world.CloudWatch!.Serve(FakeLoadBalancer.Green, 50);
            world.CloudWatch.Alarms["shop-5xx"] = "OK";
            world.CloudWatch.Alarms["shop-latency"] = "OK";
            world.CloudWatch.OnRead = () =>
            {
                if (world.CloudWatch.Reads.Count == 2)
                {
                    world.CloudWatch.Alarms["shop-latency"] = "ALARM";
                }
            };

            DeploymentFailedException failed = await Assert.ThrowsAsync<DeploymentFailedException>(() => world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None));

            Assert.Contains("The bake failed: shop-green's metrics: Bake ", failed.Message);
            Assert.Contains("Failed (alarm shop-latency is in ALARM): 0 of 500 requests 5xx (0.0%); p90 0.05 s; unhealthy 0; alarms shop-5xx=OK, shop-latency=ALARM", failed.Message);
            Assert.Equal(2, world.CloudWatch.Reads.Count);

            ReleaseWorld slow = WithMetrics();
            slow.Config.Analysis.MaxResponseTime = TimeSpan.FromSeconds(1);
            slow.Config.Analysis.ResponseTimeStatistic = "Average";
            slow.CloudWatch!.Serve(FakeLoadBalancer.Green, 50, responseTime: 1.5);
            failed = await Assert.ThrowsAsync<DeploymentFailedException>(() => slow.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None));
            Assert.Contains("Failed (Average response time 1.5 s over the 1 s allowed)", failed.Message);
            Assert.Contains(slow.CloudWatch.Reads[0], q => q.Id == "timeCount" && q.MetricStat!.Stat == "SampleCount");
        }

        [Fact]
        public async Task A_multi_step_canary_watches_each_weight_in_turn_before_the_full_switch()
        {
            ReleaseWorld world = WithMetrics();
            world.CloudWatch!.Serve(FakeLoadBalancer.Green, 50);
            var seen = new List<int>();
            world.CloudWatch.OnRead = () => seen.Add(world.Elb.RouteWeights()[0][FakeLoadBalancer.Green]);

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(o =>
            {
                o.CanarySteps = new[] { 10, 50 };
                o.CanaryDuration = TimeSpan.FromSeconds(20);
                o.BakeTime = TimeSpan.Zero;
            }), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.Equal(new[] { 10, 10, 50, 50 }, seen);
            Assert.Equal(
                new[] { "SwitchCanary 10% to the new release (step 1 of 2)", "WatchCanary 00:00:20 at 10%", "SwitchCanary 50% to the new release (step 2 of 2)", "WatchCanary 00:00:20 at 50%", "SwitchTraffic the rest to the new release" },
                record.Steps.Where(s => s.Name.StartsWith("Switch", StringComparison.Ordinal) || s.Name == ReleaseSteps.WatchCanary).Select(s => s.Name + " " + s.Detail));
            Assert.Equal("10,50", record.Facts["canarySteps"]);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
        }

        [Fact]
        public async Task A_multi_step_canary_cut_off_in_its_second_watch_resumes_there()
        {
            ReleaseWorld world = WithMetrics();
            world.CloudWatch!.Serve(FakeLoadBalancer.Green, 50);
            int watches = 0;
            world.OnStepStarted = name =>
            {
                if (name == ReleaseSteps.WatchCanary && ++watches == 2)
                {
                    world.Kill();
                }
            };
            ReleaseOptions options = ReleaseWorld.Options(o => { o.CanarySteps = new[] { 10, 50 }; o.CanaryDuration = TimeSpan.FromSeconds(20); });

            await Assert.ThrowsAnyAsync<Exception>(() => world.Engine().StartAsync(options, None, None, CancellationToken.None));
            Assert.Equal(50, world.Elb.RouteWeights()[0][FakeLoadBalancer.Green]);
            world.Revive();
            DeploymentRecord resumed = await world.Engine("bob@ci").ResumeAsync(null, true, false, None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            List<DeploymentStep> after = resumed.Steps.SkipWhile(s => s.Name != "Resume-BgDeployment").ToList();
            Assert.DoesNotContain(after, s => s.Name == ReleaseSteps.SwitchCanary);
            Assert.Equal(new[] { "00:00:20 at 50%" }, after.Where(s => s.Name == ReleaseSteps.WatchCanary).Select(s => s.Detail));
        }

        [Theory]
        [InlineData(0.0)]
        [InlineData(20.0)]
        public async Task Stickiness_is_on_while_the_canary_splits_and_put_back_after_the_switch_or_the_rollback(double errorPercent)
        {
            ReleaseWorld world = WithMetrics();
            world.Elb.MakeApiSticky(300);
            world.CloudWatch!.Serve(FakeLoadBalancer.Green, 50, errorPercent);
            var during = new List<string>();
            world.CloudWatch.OnRead = () => during.Add(string.Join(",", world.Elb.RouteStickiness()));

            DeploymentRecord record = errorPercent == 0
                ? await world.Engine().StartAsync(Sticky(), None, None, CancellationToken.None)
                : (await Assert.ThrowsAsync<DeploymentFailedException>(() => world.Engine().StartAsync(Sticky(), None, None, CancellationToken.None))) is { } _ ? await world.LatestAsync() : null!;

            Assert.Equal(errorPercent == 0 ? DeploymentStatus.Succeeded : DeploymentStatus.RolledBack, record.Status);
            Assert.Equal("60,60", during[0]);
            Assert.Equal(new int?[] { null, 300 }, world.Elb.RouteStickiness());
            Assert.Equal(errorPercent == 0 ? FakeLoadBalancer.Green : FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.Equal(string.Empty, record.Facts[CanaryStickiness.Fact]);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Stickiness_set_by_a_canary_cut_off_by_a_kill_is_put_back_by_resume_and_by_undo(bool resume)
        {
            ReleaseWorld world = WithMetrics();
            world.CloudWatch!.Serve(FakeLoadBalancer.Green, 50);
            world.OnStepStarted = name =>
            {
                if (name == ReleaseSteps.WatchCanary)
                {
                    world.Kill();
                }
            };

            await Assert.ThrowsAnyAsync<Exception>(() => world.Engine().StartAsync(Sticky(), None, None, CancellationToken.None));
            Assert.Equal(new int?[] { 60, 60 }, world.Elb.RouteStickiness());
            world.Revive();
            DeploymentRecord after = resume
                ? await world.Engine("bob@ci").ResumeAsync(null, true, false, None, None, CancellationToken.None)
                : await world.Engine("bob@ci").UndoAsync(null, true, false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal(resume ? DeploymentStatus.Succeeded : DeploymentStatus.RolledBack, after.Status);
            Assert.Equal(new int?[] { null, null }, world.Elb.RouteStickiness());
            Assert.Equal(resume ? FakeLoadBalancer.Green : FakeLoadBalancer.Blue, world.Elb.ServingGroup());
        }

        private static ReleaseOptions Sticky() => ReleaseWorld.Options(o =>
        {
            o.CanaryWeight = 10;
            o.CanaryDuration = TimeSpan.FromSeconds(20);
            o.CanaryStickiness = TimeSpan.FromSeconds(60);
        });

        private static ReleaseWorld WithMetrics()
        {
            var world = new ReleaseWorld();
            world.CloudWatch = new FakeCloudWatch(world);
            world.Config.Analysis = new AnalysisSettings { PeriodSeconds = 1 };
            return world;
        }
    }
}
