namespace BlueGreen.Configuration
{
    /// <summary>How maintenance mode is put on (Maintenance.Mode in bluegreen.psd1).</summary>
    public enum MaintenanceModeKind
    {
        /// <summary>The configured manage.py commands (django-maintenance-mode) on every machine that serves, or once when the state is shared.</summary>
        Django,

        /// <summary>A fixed-response rule, ahead of every rule but the preview rules, on each listener that forwards to the project's groups.</summary>
        LoadBalancer,
    }
}
