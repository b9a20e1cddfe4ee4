using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Maintenance;
using BlueGreen.Tests.Unit.Machines;
using Xunit;

namespace BlueGreen.Tests.Unit.Maintenance
{
    public sealed class MaintenanceModesTests
    {
        [Theory]
        [InlineData(MaintenanceModeKind.Django, typeof(DjangoMaintenanceMode))]
        [InlineData(MaintenanceModeKind.LoadBalancer, typeof(LoadBalancerMaintenanceMode))]
        public void The_configured_mode_is_the_one_made(MaintenanceModeKind kind, System.Type expected)
        {
            var config = new ProjectConfiguration { Project = "shop", LoadBalancer = "shop", Machines = new MachineSettings { Prefix = "shop-" }, Maintenance = new MaintenanceSettings { Mode = kind } };
            using var elb = new InMemoryLoadBalancer();
            using var machines = new MachineServices(config, MachineProviderKind.Ec2, "/srv/shop", new RecordingCommandRunner(),
                () => elb, () => new InMemoryEc2Client(), NullOperationReporter.Instance);

            IMaintenanceMode mode = MaintenanceModes.Create(config, machines, elb, NullOperationReporter.Instance);

            Assert.IsType(expected, mode);
            Assert.Equal(kind, mode.Mode);
        }
    }
}
