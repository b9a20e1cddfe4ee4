using System;
using System.Collections.Generic;
using System.IO;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
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
            Assert.Equal(MachineSettings.DefaultMaxParallelLaunches, config.Machines.MaxParallelLaunches);
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
            yield return new object[] { "Compose", new Dictionary<string, object?> { ["Command"] = new List<object?>() }, "ConfigurationInvalidSetting", "'Compose.Command' is empty: give the compose command as an array, e.g. @('docker', 'compose')" };
            yield return new object[] { "Compose", new Dictionary<string, object?> { ["Command"] = new List<object?> { "docker", " " } }, "ConfigurationInvalidSetting", "'Compose.Command' has an empty item" };
            yield return new object[] { "Compose", new Dictionary<string, object?> { ["Command"] = new List<object?> { "docker", 2 } }, "ConfigurationInvalidSetting", "item 1" };
            yield return new object[] { "Manage", new Dictionary<string, object?> { ["Command"] = new List<object?>() }, "ConfigurationInvalidSetting", "'Manage.Command' is empty" };
            yield return new object[] { "Manage", new Dictionary<string, object?> { ["Command"] = new List<object?> { "python", 3 } }, "ConfigurationInvalidSetting", "item 1" };
            yield return new object[] { "Maintenance", new Dictionary<string, object?> { ["On"] = new List<object?>() }, "ConfigurationInvalidSetting", "'Maintenance.On' is empty" };
            yield return new object[] { "Smoke", new Dictionary<string, object?> { ["Paths"] = "healthz" }, "ConfigurationInvalidSetting", "'Smoke.Paths' has 'healthz'" };
            yield return new object[] { "Deploy", "yes", "ConfigurationUnknownSetting", "unknown setting 'Deploy'" };
        }

        [Fact]
        public void Compose_command_absent_is_null_so_it_is_detected_and_DockerExecutable_stays_unset()
        {
            ComposeSettings compose = ProjectConfigurationReader.Read(Minimal(), "/srv/shop/bluegreen.psd1").Compose;
            Assert.Null(compose.Command);
            Assert.Null(compose.DockerExecutable);
        }

        [Fact]
        public void Compose_command_is_read_as_an_array_and_DockerExecutable_as_before()
        {
            Dictionary<string, object?> values = Minimal();
            values["Compose"] = new Dictionary<string, object?> { ["command"] = new List<object?> { "docker-compose" }, ["DockerExecutable"] = "/opt/docker" };
            ComposeSettings compose = ProjectConfigurationReader.Read(values, "/srv/shop/bluegreen.psd1").Compose;
            Assert.Equal(new[] { "docker-compose" }, compose.Command);
            Assert.Equal("/opt/docker", compose.DockerExecutable);

            values["Compose"] = new Dictionary<string, object?> { ["Command"] = "docker-compose" };
            Assert.Equal(new[] { "docker-compose" }, ProjectConfigurationReader.Read(values, "/srv/shop/bluegreen.psd1").Compose.Command);

            values["Compose"] = new Dictionary<string, object?> { ["DockerExecutable"] = "tools/docker" };
            ComposeSettings legacy = ProjectConfigurationReader.Read(values, "/srv/shop/bluegreen.psd1").Compose;
            ComposeCommand command = ComposeCommand.FromSettings(legacy, "/srv/shop")!;
            Assert.Equal(Path.GetFullPath("/srv/shop/tools/docker"), command.Executable);
            Assert.Equal(new[] { "compose" }, command.Prefix);
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

        private static Dictionary<string, object?> WithDeployment(Dictionary<string, object?> deployment)
        {
            Dictionary<string, object?> values = Minimal();
            values["Deployment"] = deployment;
            return values;
        }

        [Fact]
        public void Without_a_Deployment_section_a_deployment_switches_at_once_and_keeps_migrations_on_rollback()
        {
            DeploymentSettings d = ProjectConfigurationReader.Read(Minimal(), "/srv/shop/bluegreen.psd1").Deployment;

            Assert.Equal(MaintenancePolicy.Auto, d.Maintenance);
            Assert.Equal(0, d.CanaryWeight);
            Assert.Equal(TimeSpan.FromMinutes(5), d.CanaryDuration);
            Assert.Equal(TimeSpan.FromMinutes(10), d.BakeTime);
            Assert.Equal(TimeSpan.FromSeconds(15), d.CheckInterval);
            Assert.False(d.RevertMigrationsOnRollback);
            Assert.Equal(TimeSpan.FromMinutes(5), d.DrainTimeout);
        }

        [Fact]
        public void Every_Deployment_setting_is_read_case_insensitively()
        {
            DeploymentSettings d = ProjectConfigurationReader.Read(WithDeployment(new Dictionary<string, object?>
            {
                ["maintenance"] = "always",
                ["CanaryWeight"] = 10,
                ["canarydurationseconds"] = 120,
                ["BakeTimeSeconds"] = 900,
                ["CheckIntervalSeconds"] = 30,
                ["RevertMigrationsOnRollback"] = true,
                ["DrainTimeoutSeconds"] = 60,
            }), "/srv/shop/bluegreen.psd1").Deployment;

            Assert.Equal(MaintenancePolicy.Always, d.Maintenance);
            Assert.Equal(10, d.CanaryWeight);
            Assert.Equal(TimeSpan.FromSeconds(120), d.CanaryDuration);
            Assert.Equal(TimeSpan.FromSeconds(900), d.BakeTime);
            Assert.Equal(TimeSpan.FromSeconds(30), d.CheckInterval);
            Assert.True(d.RevertMigrationsOnRollback);
            Assert.Equal(TimeSpan.FromSeconds(60), d.DrainTimeout);
        }

        [Theory]
        [InlineData("Auto", MaintenancePolicy.Auto)]
        [InlineData("NEVER", MaintenancePolicy.Never)]
        [InlineData(" Always ", MaintenancePolicy.Always)]
        public void Deployment_Maintenance_takes_each_policy(string text, MaintenancePolicy expected)
        {
            Assert.Equal(expected, ProjectConfigurationReader.Read(WithDeployment(new Dictionary<string, object?> { ["Maintenance"] = text }), null).Deployment.Maintenance);
        }

        [Fact]
        public void The_edges_of_every_Deployment_range_are_accepted()
        {
            DeploymentSettings low = ProjectConfigurationReader.Read(WithDeployment(new Dictionary<string, object?>
            {
                ["CanaryWeight"] = 0, ["CanaryDurationSeconds"] = 1, ["BakeTimeSeconds"] = 0, ["CheckIntervalSeconds"] = 1, ["DrainTimeoutSeconds"] = 0,
            }), null).Deployment;
            DeploymentSettings high = ProjectConfigurationReader.Read(WithDeployment(new Dictionary<string, object?>
            {
                ["CanaryWeight"] = 99, ["CanaryDurationSeconds"] = 86400, ["BakeTimeSeconds"] = 86400, ["CheckIntervalSeconds"] = 3600, ["DrainTimeoutSeconds"] = 3600,
            }), null).Deployment;

            Assert.Equal((0, TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.Zero), (low.CanaryWeight, low.CanaryDuration, low.BakeTime, low.CheckInterval, low.DrainTimeout));
            Assert.Equal((99, TimeSpan.FromDays(1), TimeSpan.FromDays(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1)), (high.CanaryWeight, high.CanaryDuration, high.BakeTime, high.CheckInterval, high.DrainTimeout));
        }

        [Fact]
        public void A_canary_duration_without_a_canary_and_an_interval_longer_than_the_bake_are_not_errors()
        {
            DeploymentSettings d = ProjectConfigurationReader.Read(WithDeployment(new Dictionary<string, object?>
            {
                ["CanaryWeight"] = 0, ["CanaryDurationSeconds"] = 600, ["BakeTimeSeconds"] = 10, ["CheckIntervalSeconds"] = 60,
            }), null).Deployment;

            Assert.Equal(0, d.CanaryWeight);
            Assert.Equal(TimeSpan.FromSeconds(600), d.CanaryDuration);
            Assert.Equal(TimeSpan.FromSeconds(60), d.CheckInterval);
        }

        public static IEnumerable<object[]> BadDeploymentSettings()
        {
            yield return new object[] { "Maintenance", "Sometimes", "ConfigurationInvalidSetting", "'Deployment.Maintenance' is 'Sometimes'", "use one of: Auto, Always, Never" };
            yield return new object[] { "Maintenance", "1", "ConfigurationInvalidSetting", "'Deployment.Maintenance' is '1'", "use one of: Auto, Always, Never" };
            yield return new object[] { "Maintenance", true, "ConfigurationInvalidSetting", "'Deployment.Maintenance' is a boolean, not text", "quoted string" };
            yield return new object[] { "CanaryWeight", -1, "ConfigurationInvalidSetting", "'Deployment.CanaryWeight' is -1, outside 0..99", "use a number from 0 to 99" };
            yield return new object[] { "CanaryWeight", 100, "ConfigurationInvalidSetting", "'Deployment.CanaryWeight' is 100, outside 0..99", "use a number from 0 to 99" };
            yield return new object[] { "CanaryWeight", "10", "ConfigurationInvalidSetting", "'Deployment.CanaryWeight' is '10', not a whole number", "without quotes" };
            yield return new object[] { "CanaryDurationSeconds", 0, "ConfigurationInvalidSetting", "'Deployment.CanaryDurationSeconds' is 0, outside 1..86400", "use a number from 1 to 86400" };
            yield return new object[] { "CanaryDurationSeconds", 86401, "ConfigurationInvalidSetting", "'Deployment.CanaryDurationSeconds' is 86401, outside 1..86400", "use a number from 1 to 86400" };
            yield return new object[] { "BakeTimeSeconds", -1, "ConfigurationInvalidSetting", "'Deployment.BakeTimeSeconds' is -1, outside 0..86400", "use a number from 0 to 86400" };
            yield return new object[] { "BakeTimeSeconds", 86401, "ConfigurationInvalidSetting", "'Deployment.BakeTimeSeconds' is 86401, outside 0..86400", "use a number from 0 to 86400" };
            yield return new object[] { "CheckIntervalSeconds", 0, "ConfigurationInvalidSetting", "'Deployment.CheckIntervalSeconds' is 0, outside 1..3600", "use a number from 1 to 3600" };
            yield return new object[] { "CheckIntervalSeconds", 3601, "ConfigurationInvalidSetting", "'Deployment.CheckIntervalSeconds' is 3601, outside 1..3600", "use a number from 1 to 3600" };
            yield return new object[] { "RevertMigrationsOnRollback", "yes", "ConfigurationInvalidSetting", "'Deployment.RevertMigrationsOnRollback' is 'yes', not $true or $false", "RevertMigrationsOnRollback = $true" };
            yield return new object[] { "RevertMigrationsOnRollback", 1, "ConfigurationInvalidSetting", "'Deployment.RevertMigrationsOnRollback' is '1', not $true or $false", "without quotes" };
            yield return new object[] { "DrainTimeoutSeconds", -1, "ConfigurationInvalidSetting", "'Deployment.DrainTimeoutSeconds' is -1, outside 0..3600", "use a number from 0 to 3600" };
            yield return new object[] { "DrainTimeoutSeconds", 3601, "ConfigurationInvalidSetting", "'Deployment.DrainTimeoutSeconds' is 3601, outside 0..3600", "use a number from 0 to 3600" };
            yield return new object[] { "BakeSeconds", 60, "ConfigurationUnknownSetting", "unknown setting 'Deployment.BakeSeconds'",
                "Known settings in Deployment: Maintenance, CanaryWeight, CanarySteps, CanaryStickinessSeconds, CanaryDurationSeconds, BakeTimeSeconds, CheckIntervalSeconds, RevertMigrationsOnRollback, DrainTimeoutSeconds. Fix the name or remove it." };
        }

        [Theory]
        [MemberData(nameof(BadDeploymentSettings))]
        public void Bad_Deployment_settings_name_the_key_and_the_fix(string key, object value, string errorId, string problem, string fix)
        {
            var error = Assert.Throws<BlueGreenException>(() => ProjectConfigurationReader.Read(WithDeployment(new Dictionary<string, object?> { [key] = value }), "/srv/shop/bluegreen.psd1"));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.StartsWith("/srv/shop/bluegreen.psd1: ", error.Message);
            Assert.Contains(problem, error.Message);
            Assert.Contains(fix, error.Message);
        }

        [Fact]
        public void A_Deployment_that_is_not_a_section_is_refused()
        {
            Dictionary<string, object?> values = Minimal();
            values["Deployment"] = "canary";

            var error = Assert.Throws<BlueGreenException>(() => ProjectConfigurationReader.Read(values, "/srv/shop/bluegreen.psd1"));

            Assert.Contains("'Deployment' is a String, not a section", error.Message);
            Assert.Contains("Deployment = @{ ... }", error.Message);
        }

        [Fact]
        public void The_template_writes_every_Deployment_setting_with_a_comment()
        {
            string text = ProjectConfigurationTemplate.Render(ProjectConfigurationReader.Read(WithDeployment(new Dictionary<string, object?>
            {
                ["Maintenance"] = "never", ["CanaryWeight"] = 25, ["CanaryDurationSeconds"] = 90, ["BakeTimeSeconds"] = 0,
                ["CheckIntervalSeconds"] = 5, ["RevertMigrationsOnRollback"] = true, ["DrainTimeoutSeconds"] = 30,
            }), null));

            Assert.Contains("    Deployment = @{", text);
            Assert.Contains("        Maintenance = 'Never'", text);
            Assert.Contains("        CanaryWeight = 25", text);
            Assert.Contains("        CanaryDurationSeconds = 90", text);
            Assert.Contains("        BakeTimeSeconds = 0", text);
            Assert.Contains("        CheckIntervalSeconds = 5", text);
            Assert.Contains("        RevertMigrationsOnRollback = $true", text);
            Assert.Contains("        DrainTimeoutSeconds = 30", text);
            Assert.Contains("# When maintenance comes on. Auto: only around pending migrations the running release may not survive", text);
            Assert.Contains("$false: the deployment ends RolledBack and Undo-BgDeployment reverts them", text);
        }

        [Fact]
        public void The_template_writes_the_Deployment_defaults_when_the_section_is_absent()
        {
            string text = ProjectConfigurationTemplate.Render(ProjectConfigurationReader.Read(Minimal(), null));

            Assert.Contains("Maintenance = 'Auto'", text);
            Assert.Contains("CanaryWeight = 0", text);
            Assert.Contains("CanaryDurationSeconds = 300", text);
            Assert.Contains("BakeTimeSeconds = 600", text);
            Assert.Contains("CheckIntervalSeconds = 15", text);
            Assert.Contains("RevertMigrationsOnRollback = $false", text);
            Assert.Contains("DrainTimeoutSeconds = 300", text);
        }
    }
}
