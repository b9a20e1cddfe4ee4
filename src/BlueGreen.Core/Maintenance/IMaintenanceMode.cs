using BlueGreen.Configuration;

namespace BlueGreen.Maintenance
{
    /// <summary>
    /// Puts the whole site into maintenance and takes it out again, wherever users are served. Implementations:
    /// <see cref="LoadBalancerMaintenanceMode"/> (a fixed response of the load balancer) and
    /// <see cref="DjangoMaintenanceMode"/> (django-maintenance-mode's manage.py commands on the machines).
    /// </summary>
    public interface IMaintenanceMode
    {
        MaintenanceModeKind Mode { get; }

        /// <summary>
        /// Gets ready to turn maintenance on quickly, changing nothing users see (called before the window is
        /// journaled open): Django maintenance opens its manage.py sessions here. Never fails for a reason the enable
        /// would not also meet (those are warnings); by default there is nothing to prepare (the load balancer's
        /// maintenance rule is one call).
        /// </summary>
        Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        /// <summary>
        /// Turns maintenance on everywhere, or not at all: when one part fails, what this call had turned on is
        /// turned off again before <see cref="MaintenanceFailedException"/> leaves (its report says what was done
        /// and undone). What was already on (left by an earlier run) is kept and reported as such.
        /// </summary>
        Task<MaintenanceReport> EnableAsync(CancellationToken cancellationToken);

        /// <summary>
        /// Turns maintenance off everywhere, whoever turned it on (this run or one that crashed): idempotent, and
        /// every part is attempted even when others fail. When any failed, <see cref="MaintenanceFailedException"/>
        /// leaves afterwards with the report naming each failure. Called on every way out of a deployment, so pass a
        /// token that is not the one of a cancelled run (commands keep their own deadline, CommandTimeoutSeconds).
        /// </summary>
        Task<MaintenanceReport> DisableAsync(CancellationToken cancellationToken);
    }
}
