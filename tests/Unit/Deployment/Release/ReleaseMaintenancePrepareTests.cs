using System;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Deployment;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// The maintenance mode prepares (Django maintenance opens its manage.py sessions) before the window is journaled
    /// open, so the journal's window is the one users see, not the preparation's.
    /// </summary>
    public sealed class ReleaseMaintenancePrepareTests
    {
        private static readonly ReleaseCheck[] None = Array.Empty<ReleaseCheck>();

        [Fact]
        public async Task Maintenance_is_prepared_once_before_the_window_is_journaled_open_and_before_it_is_enabled()
        {
            var world = new ReleaseWorld(newMigration: true);
            bool? windowOpenAtPrepare = null;
            int enabledAtPrepare = -1;
            world.Maintenance.OnPrepare = async () =>
            {
                DeploymentRecord during = await world.LatestAsync();
                windowOpenAtPrepare = during.MaintenanceStartedAt != null;
                enabledAtPrepare = world.Maintenance.Enabled;
            };

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.Equal(1, world.Maintenance.Prepared);
            Assert.False(windowOpenAtPrepare);
            Assert.Equal(0, enabledAtPrepare);
            Assert.Equal(1, world.Maintenance.Enabled);
            Assert.NotNull(record.MaintenanceStartedAt);
        }

        [Fact]
        public async Task Without_a_window_nothing_is_prepared()
        {
            var world = new ReleaseWorld(newMigration: true);
            world.Database.NewMigrationCompatible = true;

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(), None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.Equal(0, world.Maintenance.Prepared);
            Assert.Null(record.MaintenanceStartedAt);
        }
    }
}
