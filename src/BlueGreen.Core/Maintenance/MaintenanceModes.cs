using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Configuration;
using BlueGreen.Machines;

namespace BlueGreen.Maintenance
{
    /// <summary>Chooses the maintenance mode Maintenance.Mode of bluegreen.psd1 asks for.</summary>
    public static class MaintenanceModes
    {
        public static IMaintenanceMode Create(ProjectConfiguration config, MachineServices machines, IElasticLoadBalancingV2 elb, IOperationReporter reporter)
        {
            if (config == null)
            {
                throw new ArgumentNullException(nameof(config));
            }

            return config.Maintenance.Mode switch
            {
                MaintenanceModeKind.LoadBalancer => new LoadBalancerMaintenanceMode(elb, config, reporter, machines == null ? null : machines.ReadTrafficAsync),
                MaintenanceModeKind.Django => new DjangoMaintenanceMode(
                    (machines ?? throw new ArgumentNullException(nameof(machines))).Provider, machines.Manage, machines.ReadTrafficAsync, config.Maintenance, reporter, machines.Sessions),
                _ => throw new ArgumentOutOfRangeException(nameof(config), config.Maintenance.Mode, "Unknown maintenance mode."),
            };
        }
    }
}
