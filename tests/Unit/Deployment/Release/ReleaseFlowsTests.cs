using System.Linq;
using BlueGreen.Deployment;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>The flows as data: what each step declares holds together.</summary>
    public sealed class ReleaseFlowsTests
    {
        [Fact]
        public void Every_step_of_the_release_that_changes_something_is_undone_by_a_step_of_undo()
        {
            string[] undo = ReleaseFlows.Undo(migrationsLeft: true, keepNewMachines: false).Select(s => s.Name).ToArray();
            var undone = ReleaseFlows.Release().Where(s => s.UndoneBy != null).ToList();

            Assert.Equal(new[] { "LaunchMachines", "MigrateBeforeWindow", "MaintenanceOn", "Migrate", "SwitchCanary", "SwitchTraffic", "SwitchTraffic" }, undone.Select(s => s.Name));
            Assert.All(undone, s => Assert.Contains(s.UndoneBy, undo));
        }

        [Fact]
        public void Every_step_of_a_rollback_that_changes_something_is_undone_by_a_step_of_its_undo()
        {
            string[] undo = ReleaseFlows.UndoRollback(keepNewMachines: false).Select(s => s.Name).ToArray();
            var undone = ReleaseFlows.Release(rollback: true).Where(s => s.UndoneBy != null).ToList();

            // RevertForRollback twice: before the switch (a window), or after it (every revert compatible with the older release).
            Assert.Equal(new[] { "LaunchMachines", "MaintenanceOn", "RevertForRollback", "SwitchCanary", "SwitchTraffic", "SwitchTraffic", "RevertForRollback" }, undone.Select(s => s.Name));
            Assert.All(undone, s => Assert.Contains(s.UndoneBy, undo));
        }

        [Fact]
        public void Every_step_is_journaled_under_a_name_of_ReleaseSteps()
        {
            string[] known = typeof(ReleaseSteps).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();
            var all = ReleaseFlows.Release().Concat(ReleaseFlows.RollBack(false, "why", revert: true)).Concat(ReleaseFlows.Release(2, rollback: true)).Concat(ReleaseFlows.RollBack(true, "why", revert: false)).Concat(ReleaseFlows.Undo(true, false)).Concat(ReleaseFlows.Complete());

            Assert.All(all, s => Assert.Contains(s.Name, known));
        }
    }
}
