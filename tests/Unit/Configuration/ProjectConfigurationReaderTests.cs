using System;
using System.Collections.Generic;
using System.IO;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Configuration
{
    public class ProjectConfigurationReaderTests
    {
        private static Dictionary<string, object?> Minimal() => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Project"] = "shop",
            ["LoadBalancer"] = "shop-alb",
        };

        [Fact]
        public void Minimal_file_gets_cookiecutter_django_defaults()
        {
            ProjectConfiguration config = ProjectConfigurationReader.Read(Minimal(), "/srv/shop/bluegreen.psd1");

            Assert.Equal("shop", config.Project);
            Assert.Equal("shop-alb", config.LoadBalancer);
            Assert.Empty(config.TargetGroups);
            Assert.Equal("shop-", config.Machines.Prefix);
            Assert.Equal(MachineProviderKind.Ec2, config.Machines.Provider);
            Assert.Equal(4, config.Machines.MaxParallelLaunches);
            Assert.Equal("project=shop", config.Machines.DockerMachine.EngineLabel);
            Assert.Equal("docker-compose.production.yml", config.Compose.File);
            Assert.Equal("django", config.Compose.Service);
            Assert.Equal(Path.GetFullPath("/srv/shop"), config.Compose.ProjectDirectory);
            Assert.Equal(new[] { "python", "/app/manage.py" }, config.Manage.Command);
            Assert.Equal(ManageMode.Exec, config.Manage.Mode);
            Assert.Equal(new[] { "maintenance_mode", "on" }, config.Maintenance.On);
            Assert.Equal(new[] { "maintenance_mode", "off" }, config.Maintenance.Off);
            Assert.Equal(new[] { "/" }, config.Smoke.Paths);
            Assert.Equal(200, config.Smoke.ExpectedStatus);
            Assert.Equal(TimeSpan.FromMinutes(5), config.HealthTimeout);
            Assert.Equal(TimeSpan.FromMinutes(15), config.CommandTimeout);
        }

        [Fact]
        public void Nested_sections_are_read_case_insensitively_and_paths_resolve_against_the_file()
        {
            Dictionary<string, object?> values = Minimal();
            values["targetgroups"] = new List<object?> { "shop-blue", "shop-green" };
            values["HealthTimeoutSeconds"] = 90;
            values["CommandTimeoutSeconds"] = 120;
            values["Machines"] = new Dictionary<string, object?>
            {
                ["prefix"] = "shop-prod-",
                ["Provider"] = "dockermachine",
                ["MaxParallelLaunches"] = 8,
                ["DockerMachine"] = new Dictionary<string, object?> { ["CreateOptions"] = new List<object?> { "--amazonec2-instance-type", "t3.small" } },
                ["Ec2"] = new Dictionary<string, object?> { ["SecurityGroupIds"] = "sg-1", ["SshUser"] = "admin" },
            };
            values["Compose"] = new Dictionary<string, object?> { ["ProjectDirectory"] = "../app", ["Service"] = "web" };
            values["Manage"] = new Dictionary<string, object?> { ["Mode"] = "Run", ["LocalCommand"] = new List<object?> { "python3", "manage.py" }, ["LocalWorkingDirectory"] = "src" };

            ProjectConfiguration config = ProjectConfigurationReader.Read(values, "/srv/shop/deploy/bluegreen.psd1");

            Assert.Equal(new[] { "shop-blue", "shop-green" }, config.TargetGroups);
            Assert.Equal(TimeSpan.FromSeconds(90), config.HealthTimeout);
            Assert.Equal(TimeSpan.FromSeconds(120), config.CommandTimeout);
            Assert.Equal("shop-prod-", config.Machines.Prefix);
            Assert.Equal(MachineProviderKind.DockerMachine, config.Machines.Provider);
            Assert.Equal(8, config.Machines.MaxParallelLaunches);
            Assert.Equal(new[] { "--amazonec2-instance-type", "t3.small" }, config.Machines.DockerMachine.CreateOptions);
            Assert.Equal(new[] { "sg-1" }, config.Machines.Ec2.SecurityGroupIds);
            Assert.Equal("admin", config.Machines.Ec2.SshUser);
            Assert.Equal(Path.GetFullPath("/srv/shop/app"), config.Compose.ProjectDirectory);
            Assert.Equal("web", config.Compose.Service);
            Assert.Equal(ManageMode.Run, config.Manage.Mode);
            Assert.Equal(new[] { "python3", "manage.py" }, config.Manage.LocalCommand);
            Assert.Equal(Path.GetFullPath("/srv/shop/deploy/src"), config.Manage.LocalWorkingDirectory);
        }

        public static IEnumerable<object[]> BadSettings()
        {
            yield return new object[] { "Project", null!, "ConfigurationMissingSetting", "'Project' is missing" };
            yield return new object[] { "Project", "shop; rm -rf /", "ConfigurationInvalidSetting", "'Project'" };
            yield return new object[] { "LoadBalancer", null!, "ConfigurationMissingSetting", "'LoadBalancer' is missing" };
            yield return new object[] { "LoadBalancer", "  ", "ConfigurationInvalidSetting", "'LoadBalancer' is empty" };
            yield return new object[] { "TargetGroups", new List<object?> { "a", "b", "c" }, "ConfigurationInvalidSetting", "lists 3 target group(s)" };
            yield return new object[] { "TargetGroups", new List<object?> { "a", "a" }, "ConfigurationInvalidSetting", "names the same group twice" };
            yield return new object[] { "HealthTimeoutSeconds", "soon", "ConfigurationInvalidSetting", "not a whole number" };
            yield return new object[] { "HealthTimeoutSeconds", 7200, "ConfigurationInvalidSetting", "outside 1..3600" };
            yield return new object[] { "CommandTimeoutSeconds", 0, "ConfigurationInvalidSetting", "outside 1..86400" };
            yield return new object[] { "Machines", "ec2", "ConfigurationInvalidSetting", "not a section" };
            yield return new object[] { "Machines", new Dictionary<string, object?> { ["Prefix"] = "--driver=none" }, "ConfigurationInvalidSetting", "'Machines.Prefix'" };
            yield return new object[] { "Machines", new Dictionary<string, object?> { ["Provider"] = "1" }, "ConfigurationInvalidSetting", "use one of: DockerMachine, Ec2" };
            yield return new object[] { "Machines", new Dictionary<string, object?> { ["Ec2"] = new Dictionary<string, object?> { ["ImageID2"] = "ami-1" } }, "ConfigurationUnknownSetting", "'Machines.Ec2.ImageID2'" };
            yield return new object[] { "Compose", new Dictionary<string, object?> { ["Service"] = "-it" }, "ConfigurationInvalidSetting", "'Compose.Service'" };
            yield return new object[] { "Manage", new Dictionary<string, object?> { ["Command"] = new List<object?>() }, "ConfigurationInvalidSetting", "'Manage.Command' is empty" };
            yield return new object[] { "Manage", new Dictionary<string, object?> { ["Command"] = new List<object?> { "python", 3 } }, "ConfigurationInvalidSetting", "item 1" };
            yield return new object[] { "Maintenance", new Dictionary<string, object?> { ["On"] = new List<object?>() }, "ConfigurationInvalidSetting", "'Maintenance.On' is empty" };
            yield return new object[] { "Smoke", new Dictionary<string, object?> { ["Paths"] = "healthz" }, "ConfigurationInvalidSetting", "'Smoke.Paths' has 'healthz'" };
            yield return new object[] { "Deploy", "yes", "ConfigurationUnknownSetting", "unknown setting 'Deploy'" };
        }

        [Theory]
        [MemberData(nameof(BadSettings))]
        public void Bad_settings_name_the_key_and_the_fix(string key, object? value, string errorId, string expected)
        {
            Dictionary<string, object?> values = Minimal();
            if (value == null)
            {
                values.Remove(key);
            }
            else
            {
                values[key] = value;
            }

            var error = Assert.Throws<BlueGreenException>(() => ProjectConfigurationReader.Read(values, "/srv/shop/bluegreen.psd1"));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.Contains(expected, error.Message);
            Assert.StartsWith("/srv/shop/bluegreen.psd1: ", error.Message);
        }
    }
}
