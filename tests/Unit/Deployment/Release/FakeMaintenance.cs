using System;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Maintenance;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>Maintenance as one switch: on or off, each call through the world's kill switch and faults.</summary>
    internal sealed class FakeMaintenance : IMaintenanceMode
    {
        private readonly ReleaseWorld _world;

        internal FakeMaintenance(ReleaseWorld world)
        {
            _world = world;
        }

        public MaintenanceModeKind Mode => MaintenanceModeKind.LoadBalancer;

        internal bool On { get; private set; }

        internal int Enabled { get; private set; }

        internal int Prepared { get; private set; }

        /// <summary>Run by <see cref="PrepareAsync"/> (a test's look at the world at that moment); null: nothing.</summary>
        internal Func<Task>? OnPrepare { get; set; }

        public Task PrepareAsync(CancellationToken cancellationToken)
        {
            Prepared++;
            return OnPrepare?.Invoke() ?? Task.CompletedTask;
        }

        public Task<MaintenanceReport> EnableAsync(CancellationToken cancellationToken)
        {
            return _world.Answer<MaintenanceReport>("MaintenanceOn", cancellationToken, () =>
            {
                On = true;
                Enabled++;
                return Report("on");
            });
        }

        public Task<MaintenanceReport> DisableAsync(CancellationToken cancellationToken)
        {
            return _world.Answer<MaintenanceReport>("MaintenanceOff", CancellationToken.None, () =>
            {
                On = false;
                return Report("off");
            });
        }

        private static MaintenanceReport Report(string what)
        {
            return new MaintenanceReport(MaintenanceModeKind.LoadBalancer, what == "on",
                new[] { new MaintenanceChange("shop-lb", "fake maintenance " + what, MaintenanceOutcome.Changed) }, Array.Empty<string>());
        }
    }
}
