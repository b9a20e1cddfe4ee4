using System;
using System.Collections.Generic;
using BlueGreen.Processes;
using Xunit;

namespace BlueGreen.Tests.Unit.Processes
{
    public class ManageCommandTests
    {
        [Fact]
        public void BuildsRequestsFromTheCommandLineAndTheManageArguments()
        {
            var command = ManageCommand.FromCommandLine(new[] { "/usr/bin/python3", "/srv/app/manage.py" }, "/srv/app",
                new Dictionary<string, string?> { ["DJANGO_SETTINGS_MODULE"] = "config.settings" });

            CommandRequest request = command.CreateRequest(new[] { "migrate", "catalog", "zero" }, TimeSpan.FromMinutes(1));

            Assert.Equal("/usr/bin/python3", request.Executable);
            Assert.Equal(new[] { "/srv/app/manage.py", "migrate", "catalog", "zero" }, request.Arguments);
            Assert.Equal("/srv/app", request.WorkingDirectory);
            Assert.Equal("config.settings", request.Environment["DJANGO_SETTINGS_MODULE"]);
            Assert.Equal(TimeSpan.FromMinutes(1), request.Timeout);
            Assert.Equal("/usr/bin/python3 /srv/app/manage.py", command.ToString());
        }

        [Fact]
        public void DescribesComposeExecAndRun()
        {
            var env = new Dictionary<string, string?> { ["DOCKER_HOST"] = "ssh://ubuntu@10.0.0.5" };
            Assert.Equal(new[] { "docker", "compose", "-f", "docker-compose.production.yml", "exec", "-T", "django", "python", "manage.py" },
                ManageCommand.ComposeExec("docker", "docker-compose.production.yml", "django", env).CommandLine);
            Assert.Equal(new[] { "compose", "-f", "p.yml", "run", "--rm", "-T", "django", "python", "manage.py" },
                ManageCommand.ComposeRun("docker", "p.yml", "django", env).ArgumentPrefix);
        }

        [Fact]
        public void ComparesCommands()
        {
            var a = ManageCommand.FromCommandLine(new[] { "python3", "manage.py" }, null, new Dictionary<string, string?> { ["X"] = "1" });
            Assert.True(a.IsSameAs(ManageCommand.FromCommandLine(new[] { "python3", "manage.py" }, null, new Dictionary<string, string?> { ["X"] = "1" })));
            Assert.False(a.IsSameAs(ManageCommand.FromCommandLine(new[] { "python3", "manage.py" }, null, new Dictionary<string, string?> { ["X"] = "2" })));
            Assert.False(a.IsSameAs(ManageCommand.FromCommandLine(new[] { "python3", "other/manage.py" }, null, new Dictionary<string, string?> { ["X"] = "1" })));
        }

        [Fact]
        public void RefusesAnEmptyCommand()
        {
            Assert.Throws<ArgumentException>(() => ManageCommand.FromCommandLine(Array.Empty<string>()));
            Assert.Throws<ArgumentException>(() => ManageCommand.FromCommandLine(new[] { " " }));
        }

        [Fact]
        public void QuotesArgumentsInTheDisplayedCommandLine()
        {
            Assert.Equal("python3 'a b' '' x", new CommandRequest("python3", new[] { "a b", "", "x" }).DisplayText);
        }
    }
}
