using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment
{
    public sealed class DeploymentLockTests
    {
        [Fact]
        public async Task Taking_the_lock_creates_it_without_overwrite_and_records_who_what_when_why()
        {
            var f = new StateFixture();
            DeploymentLock held = await f.State.HoldAsync("INC-4711 failover", CancellationToken.None);

            Assert.Matches("^[0-9a-f]{16}$", held.LockId);
            Assert.Equal("alice@laptop", held.Holder);
            Assert.Equal("Lock-BgDeployment", held.Operation);
            Assert.Equal(f.Now, held.AcquiredAt);
            Assert.Equal(DateTimeKind.Utc, held.AcquiredAt.Kind);
            Assert.Equal("INC-4711 failover", held.Message);
            Assert.Contains("PutParameter /bluegreen/shop/lock overwrite=False", f.Store.Calls);

            DeploymentLock? read = await f.State.Locks.GetAsync(CancellationToken.None);
            Assert.NotNull(read);
            Assert.Equal(held.LockId, read!.LockId);
            Assert.Equal(held.AcquiredAt, read.AcquiredAt);
            Assert.Equal(1, read.Version);
        }

        [Fact]
        public async Task The_holder_releases_its_lock_with_one_read_and_never_a_lock_broken_and_taken_again_meanwhile()
        {
            var f = new StateFixture();
            DeploymentLock held = await f.State.Locks.AcquireAsync("Start-BgDeployment", "alice@laptop", "v42", null, null, CancellationToken.None);
            int before = f.Store.Calls.Count;

            await f.State.Locks.ReleaseAsync(held, CancellationToken.None);

            Assert.Equal(new[] { "GetParameter /bluegreen/shop/lock", "DeleteParameter /bluegreen/shop/lock" }, f.Store.Calls.Skip(before));
            Assert.Null(await f.State.Locks.GetAsync(CancellationToken.None));

            // Broken and taken again by someone else: a different lock id, and nothing is deleted.
            DeploymentLock mine = await f.State.Locks.AcquireAsync("Start-BgDeployment", "alice@laptop", "v43", null, null, CancellationToken.None);
            await f.State.Locks.BreakAsync(mine.LockId, CancellationToken.None);
            DeploymentLock theirs = await f.Other().Locks.AcquireAsync("Start-BgDeployment", "bob@ci-runner", "v44", null, null, CancellationToken.None);
            BlueGreenException refused = await Assert.ThrowsAsync<BlueGreenException>(() => f.State.Locks.ReleaseAsync(mine, CancellationToken.None));
            Assert.Equal("DeploymentLockIdMismatch", refused.ErrorId);
            Assert.Equal(theirs.LockId, (await f.State.Locks.GetAsync(CancellationToken.None))!.LockId);
        }

        [Fact]
        public async Task A_second_taker_is_refused_naming_the_holder_time_operation_and_message_and_changes_nothing()
        {
            var f = new StateFixture();
            DeploymentLock held = await f.State.Locks.AcquireAsync("Start-BgDeployment", "alice@laptop", "v42", "friday release", null, CancellationToken.None);
            string before = f.Store.Parameters[f.Location.LockName].Value;

            var refused = await Assert.ThrowsAsync<BlueGreenException>(() => f.Other().HoldAsync("incident", CancellationToken.None));

            Assert.Equal("DeploymentLocked", refused.ErrorId);
            Assert.Equal(FailureCategory.ResourceBusy, refused.Category);
            Assert.Contains("alice@laptop", refused.Message);
            Assert.Contains("2026-12-01 08:53:00 UTC", refused.Message);
            Assert.Contains("Start-BgDeployment", refused.Message);
            Assert.Contains("friday release", refused.Message);
            Assert.Contains("v42", refused.Message);
            Assert.Equal(held.LockId, ((DeploymentLock)refused.Target!).LockId);
            Assert.Equal(before, f.Store.Parameters[f.Location.LockName].Value);
            Assert.Equal(1, f.Store.Parameters[f.Location.LockName].Version);
        }

        [Fact]
        public async Task The_holder_releases_with_its_lock_id()
        {
            var f = new StateFixture();
            DeploymentLock held = await f.State.HoldAsync("hold", CancellationToken.None);

            DeploymentLock released = await f.State.Locks.ReleaseAsync(held.LockId, CancellationToken.None);

            Assert.Equal(held.LockId, released.LockId);
            Assert.False(f.Store.Parameters.ContainsKey(f.Location.LockName));
            Assert.NotNull(await f.Other().HoldAsync("next", CancellationToken.None));
        }

        [Fact]
        public async Task A_release_with_another_id_fails_names_the_holder_and_changes_nothing()
        {
            var f = new StateFixture();
            DeploymentLock held = await f.State.HoldAsync("hold", CancellationToken.None);
            int deletesBefore = f.Store.Calls.Count(c => c.StartsWith("DeleteParameter", StringComparison.Ordinal));

            var refused = await Assert.ThrowsAsync<BlueGreenException>(() => f.Other().Locks.ReleaseAsync("0123456789abcdef", CancellationToken.None));

            Assert.Equal("DeploymentLockIdMismatch", refused.ErrorId);
            Assert.Contains("alice@laptop", refused.Message);
            Assert.Contains(held.LockId, refused.Message);
            Assert.True(f.Store.Parameters.ContainsKey(f.Location.LockName));
            Assert.Equal(deletesBefore, f.Store.Calls.Count(c => c.StartsWith("DeleteParameter", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task Releasing_a_lock_that_is_gone_says_so()
        {
            var f = new StateFixture();
            var ex = await Assert.ThrowsAsync<BlueGreenException>(() => f.State.Locks.ReleaseAsync("0123456789abcdef", CancellationToken.None));
            Assert.Equal("DeploymentLockNotFound", ex.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, ex.Category);
        }

        [Fact]
        public async Task Breaking_a_crashed_lock_takes_its_id_and_warns_naming_the_holder()
        {
            var f = new StateFixture();
            DeploymentRun crashed = await f.State.StartAsync(new DeploymentStart { Release = "v42" }, CancellationToken.None);
            // The process dies here: nobody releases.

            var wrong = await Assert.ThrowsAsync<BlueGreenException>(() => f.Other().Locks.BreakAsync("ffffffffffffffff", CancellationToken.None));
            Assert.Equal("DeploymentLockIdMismatch", wrong.ErrorId);

            DeploymentLock broken = await f.Other().Locks.BreakAsync(crashed.Lock.LockId, CancellationToken.None);
            Assert.Equal(crashed.Id, broken.DeploymentId);
            Assert.Contains(f.Reporter.VerboseMessages, m => m.StartsWith("WARNING: Breaking", StringComparison.Ordinal) && m.Contains("alice@laptop"));
            Assert.Null(await f.State.Locks.GetAsync(CancellationToken.None));
        }

        [Fact]
        public async Task Hostile_lock_ids_are_refused_before_any_call()
        {
            var f = new StateFixture();
            foreach (string id in new[] { "../../x", "0123456789ABCDEF", "0123456789abcdef/", "", "0123456789abcdef0" })
            {
                var ex = await Assert.ThrowsAsync<BlueGreenException>(() => f.State.Locks.ReleaseAsync(id, CancellationToken.None));
                Assert.Equal("LockIdInvalid", ex.ErrorId);
            }

            Assert.Empty(f.Store.Calls);
        }

        [Fact]
        public async Task Of_many_takers_at_once_exactly_one_wins_and_the_others_are_refused_naming_it()
        {
            var f = new StateFixture();
            for (int round = 0; round < 20; round++)
            {
                using var start = new ManualResetEventSlim(false);
                var takers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
                {
                    start.Wait();
                    try
                    {
                        return (Lock: await f.Other("op" + i + "@host").HoldAsync("round " + round, CancellationToken.None), Error: (BlueGreenException?)null);
                    }
                    catch (BlueGreenException ex)
                    {
                        return (Lock: (DeploymentLock?)null, Error: ex);
                    }
                })).ToList();
                start.Set();
                var results = await Task.WhenAll(takers);

                var winners = results.Where(r => r.Lock != null).ToList();
                Assert.Single(winners);
                Assert.All(results.Where(r => r.Lock == null), r =>
                {
                    Assert.Equal("DeploymentLocked", r.Error!.ErrorId);
                    Assert.Contains(winners[0].Lock!.Holder, r.Error.Message);
                });
                await f.State.Locks.ReleaseAsync(winners[0].Lock!.LockId, CancellationToken.None);
            }
        }

        [Fact]
        public async Task A_failed_deployment_keeps_the_lock_and_a_successful_one_releases_it()
        {
            var f = new StateFixture();
            DeploymentRun failed = await f.State.StartAsync(new DeploymentStart { Release = "v41" }, CancellationToken.None);
            await Assert.ThrowsAsync<InvalidOperationException>(() => failed.Journal.RunStepAsync("LaunchMachines", null, _ => throw new InvalidOperationException("quota"), CancellationToken.None));
            DeploymentRecord record = await failed.FailAsync(CancellationToken.None);

            Assert.Equal(DeploymentStatus.Failed, record.Status);
            DeploymentLock? kept = await f.State.Locks.GetAsync(CancellationToken.None);
            Assert.Equal(failed.Lock.LockId, kept!.LockId);
            Assert.Equal(failed.Id, kept.DeploymentId);
            var refused = await Assert.ThrowsAsync<BlueGreenException>(() => f.Other().StartAsync(new DeploymentStart { Release = "v42" }, CancellationToken.None));
            Assert.Equal("DeploymentLocked", refused.ErrorId);

            await f.State.Locks.BreakAsync(kept.LockId, CancellationToken.None);
            f.Advance(TimeSpan.FromMinutes(1));
            DeploymentRun ok = await f.State.StartAsync(new DeploymentStart { Release = "v42" }, CancellationToken.None);
            await ok.SucceedAsync(DeploymentStatus.Succeeded, CancellationToken.None);
            Assert.Null(await f.State.Locks.GetAsync(CancellationToken.None));
            Assert.Equal(DeploymentStatus.Succeeded, (await f.State.History.GetAsync(ok.Id, CancellationToken.None))!.Status);
        }
    }
}
