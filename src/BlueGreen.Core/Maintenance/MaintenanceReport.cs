using BlueGreen.Configuration;

namespace BlueGreen.Maintenance
{
    /// <summary>What turning maintenance on (<see cref="TurnedOn"/>) or off did, part by part.</summary>
    public sealed record MaintenanceReport(MaintenanceModeKind Mode, bool TurnedOn, IReadOnlyList<MaintenanceChange> Changes, IReadOnlyList<string> Warnings)
    {
        public IReadOnlyList<MaintenanceChange> Failures => Changes.Where(c => c.IsFailure).ToList();

        public bool Succeeded => !Changes.Any(c => c.IsFailure);
    }
}
