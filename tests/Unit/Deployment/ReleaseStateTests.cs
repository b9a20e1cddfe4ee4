using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment
{
    /// <summary>
    /// What the deployment engine keeps in the journal to resume: its options as facts (round trip), command output
    /// (cut to fit one value, the end kept), a deployment taken over by ContinueAsync, and Ready (a pause that keeps
    /// the lock).
    /// </summary>
    public sealed class ReleaseStateTests
    {
        [Fact]
        public async Task The_options_a_deployment_started_with_come_back_from_its_facts()
        {
            var f = new StateFixture();
            var options = new ReleaseOptions
            {
                Release = "v42",
                Maintenance = MaintenancePolicy.Always,
                CanaryWeight = 10,
                CanaryDuration = TimeSpan.FromSeconds(90),
                BakeTime = TimeSpan.FromMinutes(15),
                CheckInterval = TimeSpan.FromSeconds(7),
                HealthTimeout = TimeSpan.FromSeconds(240),
                DrainTimeout = TimeSpan.FromSeconds(45),
                AllowIrreversible = true,
                SkipSmokeCheck = true,
                StopBeforeSwitch = true,
                RevertMigrationsOnRollback = true,
                RollbackOnFailure = true,
            };
            DeploymentRun run = await f.State.StartAsync(new DeploymentStart { Release = "v42" }, CancellationToken.None);
            await run.Journal.SetFactsAsync(options.ToFacts(), CancellationToken.None);

            DeploymentRecord record = (await f.Other().History.GetAsync(run.Id, CancellationToken.None))!;
            ReleaseOptions back = ReleaseOptions.FromFacts(record);

            Assert.Equal(MaintenancePolicy.Always, back.Maintenance);
            Assert.Equal(10, back.CanaryWeight);
            Assert.Equal(TimeSpan.FromSeconds(90), back.CanaryDuration);
            Assert.Equal(TimeSpan.FromMinutes(15), back.BakeTime);
            Assert.Equal(TimeSpan.FromSeconds(7), back.CheckInterval);
            Assert.Equal(TimeSpan.FromSeconds(240), back.HealthTimeout);
            Assert.Equal(TimeSpan.FromSeconds(45), back.DrainTimeout);
            Assert.True(back.AllowIrreversible && back.SkipSmokeCheck && back.StopBeforeSwitch && back.RevertMigrationsOnRollback && back.RollbackOnFailure);
            Assert.Equal("v42", back.Release);
        }

        [Fact]
        public async Task Facts_merge_and_persist_and_a_deployment_without_them_is_not_resumable()
        {
            var f = new StateFixture();
            DeploymentRun run = await f.State.StartAsync(new DeploymentStart { Release = "v1" }, CancellationToken.None);
            await run.Journal.SetFactsAsync(new[] { new KeyValuePair<string, string>("a", "1"), new KeyValuePair<string, string>("b", "2") }, CancellationToken.None);
            await run.Journal.SetFactsAsync(new[] { new KeyValuePair<string, string>("b", "3") }, CancellationToken.None);

            DeploymentJournal reopened = await f.Other().History.OpenAsync(run.Id, CancellationToken.None);
            Assert.Equal("1", reopened.Facts["a"]);
            Assert.Equal("3", reopened.Facts["b"]);

            var ex = Assert.Throws<BlueGreenException>(() => ReleaseOptions.FromFacts(reopened.Record));
            Assert.Equal("DeploymentNotResumable", ex.ErrorId);
            Assert.Contains(run.Id, ex.Message);
        }

        [Fact]
        public async Task Long_command_output_keeps_its_end_and_fits_one_parameter()
        {
            var f = new StateFixture();
            DeploymentRun run = await f.State.StartAsync(new DeploymentStart { Release = "v1" }, CancellationToken.None);
            string output = string.Join("\n", Enumerable.Range(1, 2000).Select(i => $"  Applying app.{i:0000}_migration... OK"));
            await run.Journal.WriteOutputAsync("migrate", output, CancellationToken.None);

            DeploymentRecord record = (await f.Other().History.GetAsync(run.Id, CancellationToken.None))!;
            string kept = record.Outputs["migrate"];
            Assert.StartsWith("[…start cut]", kept);
            Assert.EndsWith("app.2000_migration... OK", kept);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(kept) < 4096);
            Assert.Throws<ArgumentException>(() => { run.Journal.WriteOutputAsync("no spaces", "x", CancellationToken.None).GetAwaiter().GetResult(); });
        }

        [Fact]
        public async Task Ready_pauses_with_the_lock_kept_and_ContinueAsync_takes_the_paused_deployment_over()
        {
            var f = new StateFixture();
            DeploymentRun run = await f.State.StartAsync(new DeploymentStart { Release = "v2" }, CancellationToken.None);
            Assert.Throws<ArgumentOutOfRangeException>(() => { run.SucceedAsync(DeploymentStatus.Ready, CancellationToken.None).GetAwaiter().GetResult(); });
            await run.PauseAsync(CancellationToken.None);
            DeploymentLock? held = await f.State.Locks.GetAsync(CancellationToken.None);
            Assert.NotNull(held);
            Assert.Equal(run.Id, held!.DeploymentId);

            // Someone else, later, resumes it: the same lock, the journal InProgress again.
            DeploymentRun resumed = await f.Other().ContinueAsync(run.Id, "Resume-BgDeployment", false, CancellationToken.None);
            Assert.Equal(held.LockId, resumed.Lock.LockId);
            Assert.Equal(DeploymentStatus.InProgress, resumed.Journal.Record.Status);
            await resumed.SucceedAsync(DeploymentStatus.Succeeded, CancellationToken.None);
            Assert.Null(await f.State.Locks.GetAsync(CancellationToken.None));
        }

        [Fact]
        public async Task A_deployment_recorded_InProgress_is_taken_over_only_with_force()
        {
            var f = new StateFixture();
            DeploymentRun run = await f.State.StartAsync(new DeploymentStart { Release = "v2" }, CancellationToken.None);
            await run.Journal.BeginStepAsync("Migrate", null, CancellationToken.None);
            // kill -9 here: InProgress, the lock held, a step Started.

            var refused = await Assert.ThrowsAsync<BlueGreenException>(() => f.Other().ContinueAsync(run.Id, "Resume-BgDeployment", false, CancellationToken.None));
            Assert.Equal("DeploymentStillRunning", refused.ErrorId);
            Assert.Contains("-Force", refused.Message);

            DeploymentRun taken = await f.Other().ContinueAsync(run.Id, "Resume-BgDeployment", true, CancellationToken.None);
            Assert.Equal(run.Lock.LockId, taken.Lock.LockId);
            Assert.Single(taken.Journal.Record.UnfinishedSteps);
        }

        [Fact]
        public async Task Another_deployment_s_lock_refuses_ContinueAsync()
        {
            var f = new StateFixture();
            DeploymentRun first = await f.State.StartAsync(new DeploymentStart { Release = "v1" }, CancellationToken.None);
            await first.FailAsync(CancellationToken.None);
            await f.State.Locks.BreakAsync(first.Lock.LockId, CancellationToken.None);
            f.Advance(TimeSpan.FromMinutes(1));
            DeploymentRun second = await f.State.StartAsync(new DeploymentStart { Release = "v2" }, CancellationToken.None);

            var ex = await Assert.ThrowsAsync<BlueGreenException>(() => f.Other().ContinueAsync(first.Id, "Undo-BgDeployment", true, CancellationToken.None));
            Assert.Equal("DeploymentLocked", ex.ErrorId);
            Assert.Equal(second.Lock.LockId, (await f.State.Locks.GetAsync(CancellationToken.None))!.LockId);
        }

        [Theory]
        [InlineData(0, "Count")]
        [InlineData(-1, "CanaryWeight")]
        [InlineData(100, "CanaryWeight")]
        public void Bad_options_are_refused_naming_the_parameter(int value, string parameter)
        {
            var options = new ReleaseOptions { Release = "v1" };
            if (parameter == "Count")
            {
                options.Count = value;
            }
            else
            {
                options.CanaryWeight = value;
            }

            var ex = Assert.Throws<BlueGreenException>(() => options.Validate());
            Assert.Equal("InvalidDeploymentOption", ex.ErrorId);
            Assert.StartsWith("-" + parameter, ex.Message);
            Assert.Contains("Nothing was changed", ex.Message);
        }
    }
}
