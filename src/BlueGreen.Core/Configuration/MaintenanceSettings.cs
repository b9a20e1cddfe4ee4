using System.Collections.Generic;

namespace BlueGreen.Configuration
{
    /// <summary>The manage.py arguments that turn Django's maintenance mode on and off (django-maintenance-mode).</summary>
    public sealed class MaintenanceSettings
    {
        public IReadOnlyList<string> On { get; set; } = new[] { "maintenance_mode", "on" };

        public IReadOnlyList<string> Off { get; set; } = new[] { "maintenance_mode", "off" };
    }
}
