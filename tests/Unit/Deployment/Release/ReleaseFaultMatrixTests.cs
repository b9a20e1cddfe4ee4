using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// The release's fault matrix in memory: every step of Start-BgDeployment (canary and full switch, a full switch
    /// with a mix of compatible and incompatible migrations (MigrateBeforeWindow), and the pause)
    /// × {it fails, Ctrl+C while it runs, the process is killed once it is journaled Started, the process is killed as
    /// its first value goes out (before it lands: the step before, whose end that value carries, stays Started though
    /// it took effect)}, then Resume-BgDeployment
    /// or Undo-BgDeployment. After each: one group serves every route (a kill during a canary may leave its share, as
    /// journaled), maintenance is off (or, after a kill, journaled as open), every running machine is an old one or
    /// named in the journal, and the lock is held (stopped, failed or killed) or released (resumed, undone).
    /// </summary>
    public sealed class ReleaseFaultMatrixTests
    {
        public enum Fault
        {
            Fails,
            CtrlC,
            Killed,
            KilledBeforeStart,
        }

        private static readonly string[] CanarySteps =
        {
            ReleaseSteps.LaunchMachines, ReleaseSteps.WaitForHealthy, ReleaseSteps.CheckMigrations, ReleaseSteps.SmokeCheck, ReleaseSteps.BeforeSwitch,
            ReleaseSteps.MaintenanceOn, ReleaseSteps.Migrate, ReleaseSteps.SwitchCanary, ReleaseSteps.MaintenanceOff, ReleaseSteps.WatchCanary,
            ReleaseSteps.SwitchTraffic, ReleaseSteps.Bake,
        };

        private static readonly string[] MixedSteps =
        {
            ReleaseSteps.LaunchMachines, ReleaseSteps.WaitForHealthy, ReleaseSteps.CheckMigrations, ReleaseSteps.SmokeCheck, ReleaseSteps.BeforeSwitch,
            ReleaseSteps.MigrateBeforeWindow, ReleaseSteps.MaintenanceOn, ReleaseSteps.Migrate, ReleaseSteps.SwitchTraffic, ReleaseSteps.MaintenanceOff, ReleaseSteps.Bake,
        };

        private const string Second = "catalog.0002_product_price";
        private const string Third = "catalog.0003_product_sku";

        public static IEnumerable<object[]> Cases()
        {
            foreach (string step in CanarySteps)
            {
                foreach (Fault fault in Enum.GetValues<Fault>())
                {
                    // -SkipSmokeCheck here: the smoke check's own failures are the sandbox's (Start-BgDeployment.Tests.ps1).
                    if (!(step == ReleaseSteps.SmokeCheck && fault == Fault.Fails))
                    {
                        yield return new object[] { "canary", step, fault };
                    }
                }
            }

            foreach (string step in new[] { ReleaseSteps.SwitchTraffic, ReleaseSteps.MaintenanceOff })
            {
                foreach (Fault fault in Enum.GetValues<Fault>())
                {
                    yield return new object[] { "full", step, fault };
                }
            }

            // Auto with a mix (a compatible migration, then an incompatible one): the compatible one runs before the window.
            foreach (string step in MixedSteps)
            {
                foreach (Fault fault in Enum.GetValues<Fault>())
                {
                    if (!(step == ReleaseSteps.SmokeCheck && fault == Fault.Fails))
                    {
                        yield return new object[] { "mixed", step, fault };
                    }
                }
            }

            yield return new object[] { "pause", ReleaseSteps.Pause, Fault.CtrlC };
            yield return new object[] { "pause", ReleaseSteps.Pause, Fault.Killed };
            yield return new object[] { "pause", ReleaseSteps.Pause, Fault.KilledBeforeStart };
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task Resume_finishes_the_release(string flow, string step, Fault fault)
        {
            ReleaseWorld world = await StartWithFaultAsync(flow, step, fault);

            DeploymentRecord resumed = await world.Engine("bob@ci").ResumeAsync(null, Killed(fault), false, None, None, CancellationToken.None);
            if (flow == "pause" && resumed.Status == DeploymentStatus.Ready)
            {
                resumed = await world.Engine("bob@ci").ResumeAsync(null, false, false, None, None, CancellationToken.None);
            }

            Dump(flow, step, fault, "resume", resumed, null);
            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.PreviewGroup());
            Assert.Contains(Second, world.Database.Applied);
            if (flow == "mixed")
            {
                Assert.Contains(Third, world.Database.Applied);
                Assert.False(world.Database.AppliedInWindow[Second], "The compatible migration ran inside the window.");
                Assert.True(world.Database.AppliedInWindow[Third], "The incompatible migration ran outside the window.");
            }

            Assert.Equal(2, world.Machines.Running.Count(m => m.Release == "v2"));
            Assert.Equal(2, world.Machines.Running.Count(m => m.Release == "v1"));
            Assert.False(await world.LockHeldAsync());
            await world.AssertSiteIsSafeAsync();
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task Undo_takes_the_release_back(string flow, string step, Fault fault)
        {
            ReleaseWorld world = await StartWithFaultAsync(flow, step, fault);

            DeploymentRecord undone = await world.Engine("bob@ci").UndoAsync(null, Killed(fault), false, ApproveAll.Instance, null, CancellationToken.None);

            Dump(flow, step, fault, "undo", undone, null);
            Assert.Equal(DeploymentStatus.RolledBack, undone.Status);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.DoesNotContain(Second, world.Database.Applied);
            Assert.DoesNotContain(Third, world.Database.Applied);
            Assert.All(world.Machines.Running, m => Assert.Equal("v1", m.Release));
            Assert.False(await world.LockHeldAsync());
            await world.AssertSiteIsSafeAsync();
        }

        private static readonly ReleaseCheck[] None = Array.Empty<ReleaseCheck>();

        /// <summary>Starts a release of v2 (one new migration) and injects <paramref name="fault"/> once <paramref name="step"/> is journaled Started.</summary>
        private static async Task<ReleaseWorld> StartWithFaultAsync(string flow, string step, Fault fault)
        {
            var world = new ReleaseWorld(newMigration: true);
            world.Database.Mixed = flow == "mixed";
            bool full = flow is "full" or "mixed";
            using var ctrlC = new CancellationTokenSource();
            bool checkFails = false;
            Func<bool> armed = Arm(world, step, fault, ctrlC, () => checkFails = true);
            var check = new ReleaseCheck("db-ready", (context, token) => Task.FromResult(checkFails ? "the database is not ready (injected)" : null));
            ReleaseOptions options = ReleaseWorld.Options(o =>
            {
                o.CanaryWeight = flow == "canary" ? 10 : 0;
                o.CanaryDuration = TimeSpan.FromSeconds(30);
                o.StopBeforeSwitch = flow == "pause";
            });

            Exception error = await Assert.ThrowsAnyAsync<Exception>(() => world.Engine().StartAsync(options, new[] { check }, None, ctrlC.Token));
            Assert.True(armed(), $"Step {step} never started.");
            world.Revive();
            world.Database.FailMigrate = false;

            DeploymentRecord record = await world.LatestAsync();
            Dump(flow, step, fault, "start", record, error);
            Assert.True(await world.LockHeldAsync(), "The lock was released by a deployment that did not finish.");
            DeploymentStep? last = record.Steps.LastOrDefault(s => s.Name == step);
            bool afterSwitch = step == ReleaseSteps.Bake || (full && step == ReleaseSteps.MaintenanceOff);
            if (fault == Fault.KilledBeforeStart)
            {
                // Nothing ran after the kill and the step's first value never landed: the journal ends with the step
                // before, Started if its end was to go with that value (it took effect: "may have been done").
                Assert.Equal(DeploymentStatus.InProgress, record.Status);
                Assert.DoesNotContain(record.Steps, s => s.Name == step);
                // The steps whose start carries the end of the one before (no other write between them; MaintenanceOn
                // opens the window first, the full switch journals its time, a skipped step has no end to carry).
                bool carries = step is ReleaseSteps.WaitForHealthy or ReleaseSteps.CheckMigrations or ReleaseSteps.SmokeCheck or ReleaseSteps.Migrate or ReleaseSteps.MigrateBeforeWindow
                    or ReleaseSteps.SwitchCanary or ReleaseSteps.WatchCanary or ReleaseSteps.SwitchTraffic or ReleaseSteps.Pause || (flow == "canary" && step == ReleaseSteps.MaintenanceOff);
                if (carries)
                {
                    Assert.Equal(StepOutcome.Started, record.Steps[^1].Outcome);
                }
                bool switched = record.Steps.Any(s => s.Name == ReleaseSteps.SwitchTraffic);
                bool shared = flow == "canary" && !switched && record.Steps.Any(s => s.Name == ReleaseSteps.SwitchCanary);
                Assert.Equal(switched ? FakeLoadBalancer.Green : shared ? null : FakeLoadBalancer.Blue, world.Elb.ServingGroup());
                bool inWindow = step is ReleaseSteps.MaintenanceOn or ReleaseSteps.Migrate or ReleaseSteps.SwitchCanary or ReleaseSteps.MaintenanceOff || (full && step == ReleaseSteps.SwitchTraffic);
                Assert.Equal(inWindow, WindowOpen(record));
                await world.AssertSiteIsSafeAsync(killed: true, split: shared);
                BlueGreenException running = await Assert.ThrowsAsync<BlueGreenException>(() => world.Engine("bob@ci").ResumeAsync(null, false, false, None, None, CancellationToken.None));
                Assert.Equal("DeploymentStillRunning", running.ErrorId);
                running = await Assert.ThrowsAsync<BlueGreenException>(() => world.Engine("bob@ci").UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None));
                Assert.Equal("DeploymentStillRunning", running.ErrorId);
            }
            else if (fault == Fault.Killed)
            {
                // Nothing ran after the kill: the step begun and not ended (a step with nothing to do: journaled
                // Skipped in its one write), InProgress, the lock held by it.
                Assert.Equal(DeploymentStatus.InProgress, record.Status);
                Assert.Equal($"{step}: {(step == ReleaseSteps.SmokeCheck ? StepOutcome.Skipped : StepOutcome.Started)}", $"{record.Steps[^1].Name}: {record.Steps[^1].Outcome}");
                bool canaryShare = flow == "canary" && record.HasDone(ReleaseSteps.SwitchCanary);
                Assert.Equal(afterSwitch ? FakeLoadBalancer.Green : canaryShare ? null : FakeLoadBalancer.Blue, world.Elb.ServingGroup());
                // The window is journaled open from MaintenanceOn until MaintenanceOff ends.
                bool inWindow = step is ReleaseSteps.MaintenanceOn or ReleaseSteps.Migrate or ReleaseSteps.SwitchCanary or ReleaseSteps.MaintenanceOff || (full && step == ReleaseSteps.SwitchTraffic);
                Assert.Equal(inWindow, WindowOpen(record));
                await world.AssertSiteIsSafeAsync(killed: true, split: canaryShare);
                // A deployment recorded InProgress may still run somewhere: taking it over needs -Force.
                BlueGreenException running = await Assert.ThrowsAsync<BlueGreenException>(() => world.Engine("bob@ci").ResumeAsync(null, false, false, None, None, CancellationToken.None));
                Assert.Equal("DeploymentStillRunning", running.ErrorId);
                running = await Assert.ThrowsAsync<BlueGreenException>(() => world.Engine("bob@ci").UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None));
                Assert.Equal("DeploymentStillRunning", running.ErrorId);
                Assert.Equal(DeploymentStatus.InProgress, (await world.LatestAsync()).Status);
            }
            else
            {
                DeploymentFailedException failed = Assert.IsType<DeploymentFailedException>(error);
                Assert.Equal(DeploymentStatus.Failed, record.Status);
                Assert.Equal(fault == Fault.CtrlC, failed.ErrorId == "DeploymentStopped");
                // A switch or canary stopped or failed is taken back (a split is not left); a failure after the full switch keeps it.
                Assert.Equal(afterSwitch ? FakeLoadBalancer.Green : FakeLoadBalancer.Blue, world.Elb.ServingGroup());
                if (fault == Fault.Fails || !Uncancellable(step))
                {
                    Assert.Equal(StepOutcome.Failed, last!.Outcome);
                    Assert.Equal(fault == Fault.CtrlC, last!.Error == "Stopped (cancelled).");
                }
                else
                {
                    // Not cut off once begun (maintenance, migrate) or over at once (a skipped smoke check): the step
                    // ends, and the stop takes effect at the next step, which never begins.
                    Assert.Contains(last!.Outcome, new[] { StepOutcome.Succeeded, StepOutcome.Skipped });
                    Assert.Contains(record.Steps[^1].Name, new[] { step, ReleaseSteps.MaintenanceOffAfterFailure, ReleaseSteps.RollBackTraffic });
                }

                Assert.DoesNotContain(record.Steps, s => s.Outcome == StepOutcome.Started);
                Assert.False(WindowOpen(record), "The maintenance window was not closed on the way out.");
                await world.AssertSiteIsSafeAsync();
            }

            return world;
        }

        /// <summary>
        /// Injects <paramref name="fault"/> at <paramref name="step"/>, once: a kill before its first write lands, or,
        /// once it is journaled Started, Ctrl+C, a kill, or its failure (<see cref="InjectFailure"/>). Returns whether it was.
        /// </summary>
        internal static Func<bool> Arm(ReleaseWorld world, string step, Fault fault, CancellationTokenSource ctrlC, Action failCheck)
        {
            bool armed = false;
            world.BeforeStepWritten = name =>
            {
                if (fault == Fault.KilledBeforeStart && !armed && name == step)
                {
                    armed = true;
                    world.Kill();
                }
            };
            world.OnStepStarted = name =>
            {
                if (armed || name != step || fault == Fault.KilledBeforeStart)
                {
                    return;
                }

                armed = true;
                switch (fault)
                {
                    case Fault.CtrlC:
                        ctrlC.Cancel();
                        break;
                    case Fault.Killed:
                        world.Kill();
                        break;
                    default:
                        InjectFailure(world, step, failCheck);
                        break;
                }
            };
            return () => armed;
        }

        internal static bool Killed(Fault fault) => fault is Fault.Killed or Fault.KilledBeforeStart;

        private static bool Uncancellable(string step) => step is ReleaseSteps.MaintenanceOn or ReleaseSteps.MaintenanceOff or ReleaseSteps.Migrate or ReleaseSteps.MigrateBeforeWindow or ReleaseSteps.SmokeCheck;

        private static bool WindowOpen(DeploymentRecord record) =>
            record.MaintenanceStartedAt != null && (record.MaintenanceEndedAt == null || record.MaintenanceEndedAt < record.MaintenanceStartedAt);

        /// <summary>With BLUEGREEN_DUMP_STEPS set to a directory, writes each case's journal (steps, outcomes, status, error id): to compare engines.</summary>
        private static void Dump(string flow, string step, Fault fault, string phase, DeploymentRecord record, Exception? error)
        {
            string? directory = Environment.GetEnvironmentVariable("BLUEGREEN_DUMP_STEPS");
            if (string.IsNullOrEmpty(directory))
            {
                return;
            }

            string id = error is BlueGreen.Diagnostics.BlueGreenException bg ? bg.ErrorId : error?.GetType().Name ?? "-";
            System.IO.File.AppendAllText(System.IO.Path.Combine(directory, $"{flow}-{step}-{fault}.txt"),
                $"{phase}: {record.Status} {id} maintenance={record.MaintenanceStartedAt != null}/{record.MaintenanceEndedAt != null}\n" +
                string.Join("\n", record.Steps.Select(s => $"  {s.Name} {s.Outcome}")) + "\n" +
                string.Join("\n", record.Facts.Where(f => f.Key is "pending" or "undoing" or "migrationsReverted" or "allowIrreversible").OrderBy(f => f.Key).Select(f => $"  fact {f.Key}={f.Value}")) + "\n");
        }

        internal static void InjectFailure(ReleaseWorld world, string step, System.Action failCheck)
        {
            switch (step)
            {
                case ReleaseSteps.LaunchMachines:
                    world.Machines.FailLaunches = 1;
                    break;
                case ReleaseSteps.WaitForHealthy:
                case ReleaseSteps.WatchCanary:
                case ReleaseSteps.Bake:
                    world.Fail("DescribeTargetHealth");
                    break;
                case ReleaseSteps.CheckMigrations:
                case ReleaseSteps.CheckRollbackMigrations:
                case ReleaseSteps.RevertForRollback:
                    world.Fail("manage.py");
                    break;
                case ReleaseSteps.BeforeSwitch:
                    failCheck();
                    break;
                case ReleaseSteps.MaintenanceOn:
                    world.Fail("MaintenanceOn");
                    break;
                case ReleaseSteps.Migrate:
                case ReleaseSteps.MigrateBeforeWindow:
                    world.Database.FailMigrate = true;
                    break;
                case ReleaseSteps.SwitchCanary:
                case ReleaseSteps.SwitchTraffic:
                    world.Fail("ModifyRule");
                    break;
                case ReleaseSteps.MaintenanceOff:
                    // Three tries fail; the way out turns it off.
                    world.Fail("MaintenanceOff", 3);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(step), step, "No failure to inject.");
            }
        }
    }
}
