using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment
{
    public sealed class DeploymentJournalTests
    {
        private static async Task<(StateFixture F, DeploymentRun Run)> StartAsync()
        {
            var f = new StateFixture();
            DeploymentRun run = await f.State.StartAsync(new DeploymentStart { Release = "v42", FromColor = "blue", ToColor = "green", Message = "weekly" }, CancellationToken.None);
            return (f, run);
        }

        [Fact]
        public async Task A_step_is_persisted_as_Started_before_it_takes_effect_and_as_ended_after()
        {
            var (f, run) = await StartAsync();
            var seenDuringStep = new List<DeploymentStep>();

            await run.Journal.RunStepAsync("SwitchTraffic", "blue -> green", async token =>
            {
                // What a crash at this instant would leave: read back from the store by someone else.
                DeploymentRecord now = (await f.Other().History.GetAsync(run.Id, token))!;
                seenDuringStep.AddRange(now.Steps);
                f.Advance(TimeSpan.FromSeconds(3));
            }, CancellationToken.None);

            DeploymentStep during = Assert.Single(seenDuringStep);
            Assert.Equal(StepOutcome.Started, during.Outcome);
            Assert.Null(during.EndedAt);
            Assert.Equal("blue -> green", during.Detail);

            DeploymentStep after = Assert.Single((await f.Other().History.GetAsync(run.Id, CancellationToken.None))!.Steps);
            Assert.Equal(StepOutcome.Succeeded, after.Outcome);
            Assert.Equal(TimeSpan.FromSeconds(3), after.Duration);

            var writes = f.Store.Calls.Where(c => c.Contains("/steps/")).ToList();
            Assert.Equal(new[]
            {
                $"PutParameter /bluegreen/shop/journal/{run.Id}/steps/001 overwrite=False",
                $"PutParameter /bluegreen/shop/journal/{run.Id}/steps/001 overwrite=True",
            }, writes.Where(c => c.StartsWith("Put", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task A_step_end_left_to_the_next_write_goes_in_the_next_steps_start_one_value_for_both()
        {
            var (f, run) = await StartAsync();
            DeploymentStep launch = await run.Journal.BeginStepAsync("LaunchMachines", "2 x t3.small", CancellationToken.None);
            f.Advance(TimeSpan.FromSeconds(5));
            int before = f.Store.Calls.Count;

            DeploymentStep ended = await run.Journal.EndStepWithNextWriteAsync(launch, StepOutcome.Succeeded, CancellationToken.None);

            // Nothing written yet: the store says Started (after a crash now: "may have been done"); the journal's own record says ended.
            Assert.Equal(before, f.Store.Calls.Count);
            Assert.Equal(StepOutcome.Succeeded, ended.Outcome);
            Assert.Equal(StepOutcome.Succeeded, run.Journal.Record.Steps[0].Outcome);
            Assert.Equal(StepOutcome.Started, Assert.Single((await f.Other().History.GetAsync(run.Id, CancellationToken.None))!.Steps).Outcome);

            DeploymentStep wait = await run.Journal.BeginStepAsync("WaitForHealthy", null, CancellationToken.None);

            // One write: step 2, created, carrying step 1's end.
            Assert.Equal(new[] { $"PutParameter /bluegreen/shop/journal/{run.Id}/steps/002 overwrite=False" }, f.Store.Calls.Skip(before).Where(c => c.StartsWith("Put", StringComparison.Ordinal)));
            DeploymentRecord read = (await f.Other().History.GetAsync(run.Id, CancellationToken.None))!;
            Assert.Equal(new[] { "LaunchMachines Succeeded", "WaitForHealthy Started" }, read.Steps.Select(s => $"{s.Name} {s.Outcome}"));
            Assert.Equal(TimeSpan.FromSeconds(5), read.Steps[0].Duration);

            // Ending the carrying step (failed, at once) keeps what it carries; so does a journal opened again.
            await run.Journal.EndStepAsync(wait, StepOutcome.Failed, "unhealthy", CancellationToken.None);
            read = (await f.Other().History.GetAsync(run.Id, CancellationToken.None))!;
            Assert.Equal(new[] { "LaunchMachines Succeeded", "WaitForHealthy Failed" }, read.Steps.Select(s => $"{s.Name} {s.Outcome}"));
            DeploymentJournal reopened = await f.Other().History.OpenAsync(run.Id, CancellationToken.None);
            Assert.Equal(StepOutcome.Succeeded, reopened.Record.Steps[0].Outcome);
        }

        [Fact]
        public async Task A_step_end_left_to_the_next_write_is_written_on_its_own_before_any_other_write()
        {
            var (f, run) = await StartAsync();
            DeploymentStep check = await run.Journal.BeginStepAsync("CheckMigrations", null, CancellationToken.None);
            await run.Journal.EndStepWithNextWriteAsync(check, StepOutcome.Succeeded, CancellationToken.None);
            int before = f.Store.Calls.Count;

            await run.Journal.SetFactsAsync(new[] { new KeyValuePair<string, string>("switchedAt", "now") }, CancellationToken.None);

            Assert.Equal(new[]
            {
                $"PutParameter /bluegreen/shop/journal/{run.Id}/steps/001 overwrite=True",
                $"PutParameter /bluegreen/shop/journal/{run.Id}/facts overwrite=True",
            }, f.Store.Calls.Skip(before));
            Assert.Equal(StepOutcome.Succeeded, Assert.Single((await f.Other().History.GetAsync(run.Id, CancellationToken.None))!.Steps).Outcome);
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => run.Journal.EndStepWithNextWriteAsync(check, StepOutcome.Failed, CancellationToken.None));
        }

        [Fact]
        public async Task A_step_with_nothing_to_do_is_one_write_Skipped()
        {
            var (f, run) = await StartAsync();
            int before = f.Store.Calls.Count;

            DeploymentStep skipped = await run.Journal.RecordSkippedStepAsync("SmokeCheck", "skipped (-SkipSmokeCheck)", CancellationToken.None);

            Assert.Equal(new[] { $"PutParameter /bluegreen/shop/journal/{run.Id}/steps/001 overwrite=False" }, f.Store.Calls.Skip(before));
            DeploymentStep read = Assert.Single((await f.Other().History.GetAsync(run.Id, CancellationToken.None))!.Steps);
            Assert.Equal(StepOutcome.Skipped, read.Outcome);
            Assert.Equal(TimeSpan.Zero, read.Duration);
            Assert.Equal(skipped.Number, read.Number);
        }

        [Fact]
        public async Task A_start_whose_first_write_fails_gives_the_lock_back_and_the_history_is_still_trimmed()
        {
            var f = new StateFixture(historyLimit: 1);
            DeploymentRun first = await f.State.StartAsync(new DeploymentStart { Release = "v1" }, CancellationToken.None);
            await first.SucceedAsync(DeploymentStatus.Succeeded, CancellationToken.None);
            f.Advance(TimeSpan.FromMinutes(1));
            f.Store.FailNext("PutParameter", 1, name => name.EndsWith("/facts", StringComparison.Ordinal));

            await Assert.ThrowsAsync<JournalWriteFailedException>(() => f.State.StartAsync(new DeploymentStart { Release = "v2" }, CancellationToken.None,
                journal => journal.SetFactsAsync(new[] { new KeyValuePair<string, string>("count", "2") }, CancellationToken.None)));

            Assert.Null(await f.State.Locks.GetAsync(CancellationToken.None));
            Assert.Equal(new[] { "v2" }, (await f.Other().History.ListAsync(null, CancellationToken.None)).Select(d => d.Release));
        }

        [Fact]
        public async Task Steps_with_nothing_to_do_in_a_row_are_written_at_once_the_first_carrying_the_end_before()
        {
            var (f, run) = await StartAsync();
            DeploymentStep check = await run.Journal.BeginStepAsync("CheckMigrations", null, CancellationToken.None);
            await run.Journal.EndStepWithNextWriteAsync(check, StepOutcome.Succeeded, CancellationToken.None);
            int before = f.Store.Calls.Count;

            IReadOnlyList<DeploymentStep> skipped = await run.Journal.RecordSkippedStepsAsync(new (string, string?)[] { ("SmokeCheck", null), ("BeforeSwitch", "none given"), ("Migrate", "no migration pending") }, CancellationToken.None);

            Assert.Equal(new[] { 2, 3, 4 }, skipped.Select(s => s.Number));
            Assert.Equal(3, f.Store.Calls.Skip(before).Count(c => c.EndsWith("overwrite=False", StringComparison.Ordinal)));
            Assert.DoesNotContain(f.Store.Calls.Skip(before), c => c.Contains("/steps/001", StringComparison.Ordinal));
            DeploymentRecord read = (await f.Other().History.GetAsync(run.Id, CancellationToken.None))!;
            Assert.Equal(new[] { "CheckMigrations Succeeded", "SmokeCheck Skipped", "BeforeSwitch Skipped", "Migrate Skipped" }, read.Steps.Select(s => $"{s.Name} {s.Outcome}"));
            Assert.Equal(5, (await run.Journal.BeginStepAsync("SwitchTraffic", null, CancellationToken.None)).Number);
        }

        [Fact]
        public async Task A_crash_mid_step_leaves_a_journal_that_says_the_step_may_have_been_done()
        {
            var (f, run) = await StartAsync();
            await run.Journal.RunStepAsync("LaunchMachines", "2 x t3.small", _ => Task.CompletedTask, CancellationToken.None);
            await run.Journal.RecordMachinesAsync(MachineDisposition.Launched, new[] { new DeploymentMachine("shop-0a1b2c3d", "i-0123456789abcdef0") }, CancellationToken.None);
            await run.Journal.BeginStepAsync("Migrate", "3 migrations", CancellationToken.None);
            // Crash: the process is gone; another operator reads the journal.

            DeploymentRecord seen = (await f.Other().History.ListInProgressAsync(CancellationToken.None)).Single();
            Assert.Equal(run.Id, seen.Id);
            Assert.Equal(DeploymentStatus.InProgress, seen.Status);
            Assert.Equal(new[] { StepOutcome.Succeeded, StepOutcome.Started }, seen.Steps.Select(s => s.Outcome));
            Assert.Equal("Migrate", Assert.Single(seen.UnfinishedSteps).Name);
            Assert.Equal("i-0123456789abcdef0", Assert.Single(seen.MachinesLaunched).InstanceId);
            Assert.Equal(run.Lock.LockId, (await f.State.Locks.GetAsync(CancellationToken.None))!.LockId);
        }

        [Fact]
        public async Task Resuming_opens_the_journal_and_goes_on_numbering()
        {
            var (f, run) = await StartAsync();
            await run.Journal.RunStepAsync("LaunchMachines", null, _ => Task.CompletedTask, CancellationToken.None);
            DeploymentJournal reopened = await f.Other().History.OpenAsync(run.Id, CancellationToken.None);
            DeploymentStep next = await reopened.BeginStepAsync("Migrate", null, CancellationToken.None);
            Assert.Equal(2, next.Number);
        }

        [Fact]
        public async Task A_failing_start_write_stops_with_JournalWriteFailed_and_the_step_never_runs()
        {
            var (f, run) = await StartAsync();
            f.Store.FailNext("PutParameter", 1, name => name.Contains("/steps/"));
            bool ran = false;

            var ex = await Assert.ThrowsAsync<JournalWriteFailedException>(() =>
                run.Journal.RunStepAsync("SwitchTraffic", null, _ => { ran = true; return Task.CompletedTask; }, CancellationToken.None));

            Assert.False(ran);
            Assert.Equal("JournalWriteFailed", ex.ErrorId);
            Assert.Equal(FailureCategory.WriteError, ex.Category);
            Assert.Equal(run.Id, ex.DeploymentId);
            Assert.Equal("AwsInternalServerError", ((BlueGreenException)ex.InnerException!).ErrorId);
            Assert.True(run.Journal.IsBroken);

            // The store works again, but the journal stays stopped: nothing goes on unrecorded.
            var again = await Assert.ThrowsAsync<JournalWriteFailedException>(() => run.Journal.BeginStepAsync("RemoveMachines", null, CancellationToken.None));
            Assert.Equal("JournalWriteFailed", again.ErrorId);
            await Assert.ThrowsAsync<JournalWriteFailedException>(() => run.SucceedAsync(DeploymentStatus.Succeeded, CancellationToken.None));
            Assert.NotNull(await f.State.Locks.GetAsync(CancellationToken.None));
            Assert.Empty((await f.State.History.GetAsync(run.Id, CancellationToken.None))!.Steps);
        }

        [Fact]
        public async Task A_failing_end_write_stops_with_JournalWriteFailed_and_leaves_the_step_Started()
        {
            var (f, run) = await StartAsync();
            f.Store.FailNext("PutParameter", 5, name => name.EndsWith("/steps/001", StringComparison.Ordinal) && f.Store.Parameters.ContainsKey(name));

            await Assert.ThrowsAsync<JournalWriteFailedException>(() => run.Journal.RunStepAsync("SwitchTraffic", null, _ => Task.CompletedTask, CancellationToken.None));

            DeploymentStep step = Assert.Single((await f.State.History.GetAsync(run.Id, CancellationToken.None))!.Steps);
            Assert.Equal(StepOutcome.Started, step.Outcome);
        }

        [Fact]
        public async Task A_failed_step_is_recorded_with_its_error_and_the_error_is_rethrown()
        {
            var (f, run) = await StartAsync();
            var ex = await Assert.ThrowsAsync<BlueGreenException>(() => run.Journal.RunStepAsync("Migrate", null,
                _ => throw new BlueGreenException("ManageFailed", FailureCategory.InvalidResult, "manage.py migrate exited 1:\nIntegrityError"), CancellationToken.None));
            Assert.Equal("ManageFailed", ex.ErrorId);

            DeploymentStep step = Assert.Single((await f.State.History.GetAsync(run.Id, CancellationToken.None))!.Steps);
            Assert.Equal(StepOutcome.Failed, step.Outcome);
            Assert.Equal("manage.py migrate exited 1: IntegrityError", step.Error);
        }

        [Fact]
        public async Task The_record_holds_release_colors_machines_migrations_window_who_and_status()
        {
            var (f, run) = await StartAsync();
            var j = run.Journal;
            await j.RecordMachinesAsync(MachineDisposition.Launched, new[] { new DeploymentMachine("shop-00000001", "i-1"), new DeploymentMachine("shop-00000002", "i-2") }, CancellationToken.None);
            await j.RecordMachinesAsync(MachineDisposition.Launched, new[] { new DeploymentMachine("shop-00000002", "i-2") }, CancellationToken.None);
            await j.RecordMachinesAsync(MachineDisposition.Kept, new[] { new DeploymentMachine("shop-000000aa") }, CancellationToken.None);
            await j.RecordMachinesAsync(MachineDisposition.Removed, new[] { new DeploymentMachine("shop-000000bb", "i-9") }, CancellationToken.None);
            f.Advance(TimeSpan.FromSeconds(10));
            await j.BeginMaintenanceAsync(CancellationToken.None);
            await j.RecordMigrationsAsync(new[] { "shop.0002_price", "users.0003_email" }, CancellationToken.None);
            f.Advance(TimeSpan.FromSeconds(20));
            await j.EndMaintenanceAsync(CancellationToken.None);
            f.Advance(TimeSpan.FromSeconds(5));
            await run.SucceedAsync(DeploymentStatus.Succeeded, CancellationToken.None);

            DeploymentRecord r = (await f.Other().History.GetAsync(run.Id, CancellationToken.None))!;
            Assert.Equal(("v42", "blue", "green", "weekly", "alice@laptop", "Start-BgDeployment"), (r.Release, r.FromColor, r.ToColor, r.Message, r.StartedBy, r.Operation));
            Assert.Equal(new[] { "shop-00000001", "shop-00000002" }, r.MachinesLaunched.Select(m => m.Name));
            Assert.Equal("shop-000000aa", Assert.Single(r.MachinesKept).Name);
            Assert.Equal("i-9", Assert.Single(r.MachinesRemoved).InstanceId);
            Assert.Equal(new[] { "shop.0002_price", "users.0003_email" }, r.MigrationsApplied);
            Assert.Equal(TimeSpan.FromSeconds(20), r.MaintenanceEndedAt - r.MaintenanceStartedAt);
            Assert.Equal(DeploymentStatus.Succeeded, r.Status);
            Assert.Equal(new DateTime(2026, 12, 1, 8, 53, 35, DateTimeKind.Utc), r.EndedAt);
            Assert.Equal(run.Lock.LockId, r.LockId);
            Assert.Matches("^20261201-085300-[0-9a-f]{4}$", r.Id);
        }

        [Fact]
        public async Task Parallel_work_sharing_a_journal_gets_distinct_step_numbers()
        {
            var (f, run) = await StartAsync();
            await Task.WhenAll(Enumerable.Range(1, 12).Select(i => Task.Run(() =>
                run.Journal.RunStepAsync("Launch" + i, null, _ => Task.Delay(1), CancellationToken.None))));

            DeploymentRecord r = (await f.State.History.GetAsync(run.Id, CancellationToken.None))!;
            Assert.Equal(Enumerable.Range(1, 12), r.Steps.Select(s => s.Number));
            Assert.All(r.Steps, s => Assert.Equal(StepOutcome.Succeeded, s.Outcome));
        }

        [Fact]
        public async Task Every_name_written_lies_under_the_prefix()
        {
            var (f, run) = await StartAsync();
            await run.Journal.RunStepAsync("LaunchMachines", null, _ => Task.CompletedTask, CancellationToken.None);
            await run.Journal.RecordMigrationsAsync(new[] { "a.0001_initial" }, CancellationToken.None);
            await run.SucceedAsync(DeploymentStatus.Succeeded, CancellationToken.None);
            Assert.All(f.Store.Parameters.Keys, name => Assert.StartsWith("/bluegreen/shop/", name));
        }

        [Fact]
        public async Task When_the_header_cannot_be_written_nothing_has_happened_so_the_lock_is_given_back()
        {
            var f = new StateFixture();
            f.Store.FailNext("PutParameter", 1, name => name.Contains("/history/"));

            var ex = await Assert.ThrowsAsync<JournalWriteFailedException>(() => f.State.StartAsync(new DeploymentStart { Release = "v42" }, CancellationToken.None));

            Assert.Equal("JournalWriteFailed", ex.ErrorId);
            Assert.Null(await f.State.Locks.GetAsync(CancellationToken.None));
            Assert.Empty(await f.State.History.ListIdsAsync(CancellationToken.None));
        }
    }
}
