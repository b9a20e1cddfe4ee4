using System;
using System.Collections.Generic;
using System.IO;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Configuration
{
    public class LocalMachineSettingsTests
    {
        private static Dictionary<string, object?> WithLocal(Dictionary<string, object?>? local, string provider = "Local") => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Project"] = "shop",
            ["LoadBalancer"] = "shop-alb",
            ["Machines"] = local == null
                ? new Dictionary<string, object?> { ["Provider"] = provider }
                : new Dictionary<string, object?> { ["Provider"] = provider, ["Local"] = local },
        };

        private static BlueGreenException Rejects(Dictionary<string, object?> local)
        {
            var error = Assert.Throws<BlueGreenException>(() => ProjectConfigurationReader.Read(WithLocal(local), "/srv/shop/bluegreen.psd1"));
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            return error;
        }

        [Fact]
        public void Provider_Local_gets_defaults_relative_to_the_file()
        {
            ProjectConfiguration config = ProjectConfigurationReader.Read(WithLocal(null), "/srv/shop/bluegreen.psd1");

            LocalMachineSettings local = config.Machines.Local;
            Assert.Equal(MachineProviderKind.Local, config.Machines.Provider);
            Assert.Equal(Path.GetFullPath("/srv/shop"), local.AppDirectory);
            Assert.Equal(Path.GetFullPath("/srv/shop/.bluegreen/local"), local.StateDirectory);
            Assert.Null(local.WsgiModule);
            Assert.Equal("/usr/bin/python3", local.Python);
            Assert.Equal("/usr/bin/gunicorn", local.Gunicorn);
            Assert.Equal(2, local.Workers);
            Assert.Empty(local.Environment);
            Assert.Contains(".git", local.Exclude);
            Assert.Contains("__pycache__", local.Exclude);
            Assert.Contains("*.sqlite3", local.Exclude);
            Assert.Equal(TimeSpan.FromSeconds(60), local.ReadyTimeout);
            Assert.Equal(TimeSpan.FromSeconds(5), local.StopTimeout);
            Assert.Equal(LocalMachineRuntime.Gunicorn, local.Runtime);
            Assert.Equal("PORT", local.PortVariable);
            Assert.Equal("unix:///var/run/docker.sock", local.DockerHost);
        }

        [Fact]
        public void The_compose_runtime_and_its_port_variable_and_engine_are_read()
        {
            LocalMachineSettings local = ProjectConfigurationReader.Read(WithLocal(new Dictionary<string, object?>
            {
                ["Runtime"] = "compose",
                ["PortVariable"] = "SHOP_PORT",
                ["DockerHost"] = "unix:///run/user/1000/docker.sock",
            }), "/srv/shop/bluegreen.psd1").Machines.Local;

            Assert.Equal(LocalMachineRuntime.Compose, local.Runtime);
            Assert.Equal("SHOP_PORT", local.PortVariable);
            Assert.Equal("unix:///run/user/1000/docker.sock", local.DockerHost);
        }

        [Theory]
        [InlineData("Runtime", "Docker", "use one of: Gunicorn, Compose")]
        [InlineData("PortVariable", "SHOP-PORT", "'Machines.Local.PortVariable' is 'SHOP-PORT'")]
        [InlineData("DockerHost", "tcp://10.0.0.5:2376", "the Compose runtime uses only an engine of this host")]
        [InlineData("DockerHost", "unix:///", "unix:///path")]
        public void Bad_compose_runtime_settings_say_what_to_write(string key, string value, string expected)
        {
            BlueGreenException error = Rejects(new Dictionary<string, object?> { [key] = value });
            Assert.Contains(expected, error.Message);
        }

        [Fact]
        public void App_directory_defaults_to_the_compose_project_directory_and_settings_are_read()
        {
            Dictionary<string, object?> values = WithLocal(new Dictionary<string, object?>
            {
                ["wsgimodule"] = "config.wsgi:application",
                ["Workers"] = 3,
                ["StateDirectory"] = "/var/tmp/bg",
                ["Environment"] = new Dictionary<string, object?> { ["DJANGO_SETTINGS_MODULE"] = "config.settings", ["DATABASE_URL"] = "sqlite:///{StateDirectory}/db.sqlite3" },
                ["Exclude"] = new List<object?> { "node_modules" },
                ["ReadyTimeoutSeconds"] = 20,
            });
            values["Compose"] = new Dictionary<string, object?> { ["ProjectDirectory"] = "app" };

            LocalMachineSettings local = ProjectConfigurationReader.Read(values, "/srv/shop/bluegreen.psd1").Machines.Local;

            Assert.Equal(Path.GetFullPath("/srv/shop/app"), local.AppDirectory);
            Assert.Equal("config.wsgi:application", local.WsgiModule);
            Assert.Equal(3, local.Workers);
            Assert.Equal("/var/tmp/bg", local.StateDirectory);
            Assert.Equal("config.settings", local.Environment["DJANGO_SETTINGS_MODULE"]);
            Assert.Equal("sqlite:///{StateDirectory}/db.sqlite3", local.Environment["DATABASE_URL"]);
            Assert.Equal(new[] { "node_modules" }, local.Exclude);
            Assert.Equal(TimeSpan.FromSeconds(20), local.ReadyTimeout);
        }

        [Theory]
        [InlineData("WsgiModule", "project/wsgi.py", "Machines.Local.WsgiModule")]
        [InlineData("WsgiModule", "project.wsgi:", "Machines.Local.WsgiModule")]
        [InlineData("Workers", 0, "Machines.Local.Workers")]
        [InlineData("Workers", 33, "Machines.Local.Workers")]
        [InlineData("ReadyTimeoutSeconds", 0, "Machines.Local.ReadyTimeoutSeconds")]
        [InlineData("ImageId", "image-1", "Machines.Local.ImageId")]
        [InlineData("StateDirectory", "..", "Machines.Local.StateDirectory")]
        [InlineData("StateDirectory", ".", "Machines.Local.StateDirectory")]
        [InlineData("Gunicron", "/usr/bin/gunicorn", "Machines.Local.Gunicron")]
        public void Bad_settings_are_rejected_naming_the_key(string key, object value, string named)
        {
            BlueGreenException error = Rejects(new Dictionary<string, object?> { [key] = value });

            Assert.Equal(named, error.Target);
            Assert.Contains(named, error.Message);
        }

        [Fact]
        public void A_state_directory_that_contains_the_app_says_where_to_put_it()
        {
            BlueGreenException error = Rejects(new Dictionary<string, object?> { ["AppDirectory"] = "src/app", ["StateDirectory"] = "src" });

            Assert.Contains("contains the app directory", error.Message);
            Assert.Contains(".bluegreen/local", error.Message);
        }

        [Fact]
        public void Environment_names_and_values_are_checked()
        {
            BlueGreenException badName = Rejects(new Dictionary<string, object?> { ["Environment"] = new Dictionary<string, object?> { ["1DJANGO"] = "x" } });
            Assert.Contains("'1DJANGO'", badName.Message);

            BlueGreenException list = Rejects(new Dictionary<string, object?> { ["Environment"] = new Dictionary<string, object?> { ["PATHS"] = new List<object?> { "a", "b" } } });
            Assert.Contains("'PATHS'", list.Message);

            BlueGreenException notSection = Rejects(new Dictionary<string, object?> { ["Environment"] = "DJANGO_SETTINGS_MODULE=x" });
            Assert.Contains("not a section", notSection.Message);
        }

        [Fact]
        public void Exclude_entries_are_names_not_paths()
        {
            BlueGreenException error = Rejects(new Dictionary<string, object?> { ["Exclude"] = new List<object?> { "media/uploads" } });

            Assert.Equal("Machines.Local.Exclude", error.Target);
            Assert.Contains("'media/uploads'", error.Message);
        }
    }
}
