namespace BlueGreen.Maintenance
{
    /// <summary>
    /// Turning maintenance on or off failed in part. <see cref="Report"/> lists every part with its outcome: for a
    /// failed enable, what was undone; for a failed disable, which rules or machines may still be in maintenance.
    /// </summary>
    public sealed class MaintenanceFailedException : BlueGreenException
    {
        public MaintenanceFailedException(string errorId, string message, MaintenanceReport report, Exception? inner = null)
            : base(errorId, FailureCategory.InvalidResult, message, report?.Failures, inner)
        {
            Report = report ?? throw new ArgumentNullException(nameof(report));
        }

        public MaintenanceReport Report { get; }
    }
}
