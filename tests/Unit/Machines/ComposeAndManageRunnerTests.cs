using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Processes;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines
{
    public sealed class ComposeAndManageRunnerTests
    {
        private static readonly DockerConnection Connection = new DockerConnection("tcp://10.1.2.3:2376", true, "/m/shop-1", "shop-1");

        private readonly RecordingCommandRunner _runner = new RecordingCommandRunner();

        private ComposeRunner Compose() => new ComposeRunner(_runner,
            new ComposeSettings { DockerExecutable = "./bin/docker", File = "production.yml", Service = "web", ProjectDirectory = "src" }, "/srv/shop", NullOperationReporter.Instance);

        private ManageRunner Manage(ManageSettings settings) => new ManageRunner(_runner, Compose(), settings, "/srv/shop", NullOperationReporter.Instance);

        [Fact]
        public async Task Compose_runs_with_the_machine_connection_as_environment_in_the_project_directory()
        {
            _runner.When(a => a.Contains("ps"), output: new[] { "web  running", "db  running" });

            CommandResult result = await Compose().RunAsync(Connection, new[] { "ps" }, CancellationToken.None);

            CommandRequest request = Assert.Single(_runner.Requests);
            Assert.Equal("/srv/shop/bin/docker", request.Executable);
            Assert.Equal(new[] { "compose", "-f", "production.yml", "ps" }, request.Arguments);
            Assert.Equal("/srv/shop/src", request.WorkingDirectory);
            Assert.Equal("tcp://10.1.2.3:2376", request.Environment["DOCKER_HOST"]);
            Assert.Equal("1", request.Environment["DOCKER_TLS_VERIFY"]);
            Assert.Equal("/m/shop-1", request.Environment["DOCKER_CERT_PATH"]);
            Assert.Equal(new[] { "web  running", "db  running" }, result.StandardOutput);
            Assert.Equal("machine shop-1", request.Target);
        }

        [Fact]
        public async Task Manage_execs_in_the_service_by_default()
        {
            ManageRunner manage = Manage(new ManageSettings());
            await manage.RunAsync(await manage.OnMachineAsync(Connection, ManageMode.Exec, CancellationToken.None), new[] { "migrate", "--noinput" }, CancellationToken.None);
            // docker ps lists no running container of the service: compose's own exec runs, with compose's own errors.
            Assert.Equal(new[] { "ps", "compose" }, _runner.Requests.Select(r => r.Arguments[0]));
            Assert.Equal(new[] { "compose", "-f", "production.yml", "exec", "-T", "web", "python", "/app/manage.py", "migrate", "--noinput" }, _runner.Requests.Last().Arguments);
        }

        [Fact]
        public async Task A_container_with_an_open_manage_py_session_is_used_without_docker_ps_and_only_for_its_own_machine()
        {
            _runner.When(a => a[0] == "ps", output: new[] { "c0ffee1\t1\tFalse" });
            var starter = new BlueGreen.Tests.Unit.Processes.FakeSessionStarter();
            using var sessions = new ManageSessionPool(_runner, starter, TimeSpan.FromMinutes(1));
            var manage = new ManageRunner(sessions, Compose(), new ManageSettings(), "/srv/shop", NullOperationReporter.Instance, sessions: sessions);
            ManageCommand found = await manage.OnMachineAsync(Connection, ManageMode.Exec, CancellationToken.None);
            await sessions.OpenAsync(new[] { found }, CancellationToken.None);
            var other = new DockerConnection("tcp://10.1.2.4:2376", true, "/m/shop-2", "shop-2");

            ManageCommand again = await manage.OnMachineAsync(Connection, ManageMode.Exec, CancellationToken.None);
            await manage.OnMachineAsync(other, ManageMode.Exec, CancellationToken.None);
            await manage.RunAsync(again, new[] { "migrate", "--noinput" }, CancellationToken.None);

            Assert.Same(found, again);
            // docker ps: once to find the container, once for the other machine; the migrate went to the session.
            Assert.Equal(new[] { "tcp://10.1.2.3:2376", "tcp://10.1.2.4:2376" }, _runner.Requests.Where(r => r.Arguments[0] == "ps").Select(r => r.Environment["DOCKER_HOST"]));
            Assert.DoesNotContain(_runner.Requests, r => r.Arguments.Contains("migrate"));
            Assert.Equal("migrate --noinput", Assert.Single(starter.Commands).Command);
        }

        [Fact]
        public async Task Manage_execs_by_docker_exec_in_the_service_container_docker_ps_finds_by_its_compose_labels()
        {
            _runner.When(a => a[0] == "ps", output: new[] { "c0ffee1\t1\tFalse" });
            ManageRunner manage = Manage(new ManageSettings());

            ManageCommand command = await manage.OnMachineAsync(Connection, ManageMode.Exec, CancellationToken.None);
            await manage.RunAsync(command, new[] { "migrate", "--noinput" }, CancellationToken.None);

            CommandRequest[] requests = _runner.Requests.ToArray();
            Assert.Equal(2, requests.Length);
            Assert.Equal("/srv/shop/bin/docker", requests[0].Executable);
            // The project is compose's default: the name of the compose file's directory (/srv/shop/src).
            Assert.Equal(new[] { "ps", "--no-trunc", "--filter", "label=com.docker.compose.project=src", "--filter", "label=com.docker.compose.service=web", "--filter", "status=running" },
                requests[0].Arguments.Take(8));
            Assert.Equal("tcp://10.1.2.3:2376", requests[0].Environment["DOCKER_HOST"]);
            Assert.Equal("/srv/shop/bin/docker", requests[1].Executable);
            Assert.Equal(new[] { "exec", "-i", "c0ffee1", "python", "/app/manage.py", "migrate", "--noinput" }, requests[1].Arguments);
            Assert.Equal("tcp://10.1.2.3:2376", requests[1].Environment["DOCKER_HOST"]);
            Assert.Equal("1", requests[1].Environment["DOCKER_TLS_VERIFY"]);
            Assert.Equal("machine shop-1", requests[1].Target);
        }

        [Theory]
        [InlineData("c0ffee1\t2\tFalse", "only container number 2")]
        [InlineData("c0ffee1\t1\tTrue", "a one-off container (run --rm)")]
        [InlineData("c0ffee1\t1\tFalse\nbadc0de\t1\tFalse", "two containers number 1")]
        public async Task Manage_keeps_compose_exec_when_the_container_is_not_certain(string listed, string why)
        {
            _runner.When(a => a[0] == "ps", output: listed.Split('\n'));
            ManageRunner manage = Manage(new ManageSettings());

            ManageCommand command = await manage.OnMachineAsync(Connection, ManageMode.Exec, CancellationToken.None);

            Assert.True(command.ArgumentPrefix.SequenceEqual(new[] { "compose", "-f", "production.yml", "exec", "-T", "web", "python", "/app/manage.py" }), why);
        }

        [Fact]
        public async Task Manage_keeps_compose_exec_when_docker_ps_fails()
        {
            _runner.When(a => a[0] == "ps", exitCode: 1, error: "error during connect: ssh: connect to host 10.1.2.3 port 22: Connection refused");
            ManageRunner manage = Manage(new ManageSettings());

            ManageCommand command = await manage.OnMachineAsync(Connection, ManageMode.Exec, CancellationToken.None);

            Assert.Equal("compose", command.ArgumentPrefix[0]);
        }

        [Fact]
        public void The_project_name_is_the_connection_s_else_the_compose_file_s_directory_as_compose_normalizes_it_else_unknown()
        {
            string root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bg-finder-" + Guid.NewGuid().ToString("N"));
            string app = System.IO.Path.Combine(root, "My Shop.v2");
            System.IO.Directory.CreateDirectory(app);
            try
            {
                var finder = new ServiceContainerFinder(_runner, NullOperationReporter.Instance, _ => null);
                Assert.Equal("myshopv2", finder.ProjectName(Connection, app, "production.yml"));
                Assert.Equal("myshopv2", finder.ProjectName(Connection, root, "My Shop.v2/production.yml"));
                DockerConnection local = DockerConnection.LocalProject("unix:///var/run/docker.sock", "shop-1", "shop-0000aaaa", app, new Dictionary<string, string?>());
                Assert.Equal("shop-0000aaaa", finder.ProjectName(local, app, "production.yml"));

                // Where compose would take the name from COMPOSE_PROJECT_NAME or a .env file, it is not guessed.
                Assert.Null(new ServiceContainerFinder(_runner, NullOperationReporter.Instance, name => name == "COMPOSE_PROJECT_NAME" ? "other" : null).ProjectName(Connection, app, "production.yml"));
                System.IO.File.WriteAllText(System.IO.Path.Combine(app, ".env"), "COMPOSE_PROJECT_NAME=other\n");
                Assert.Null(finder.ProjectName(Connection, app, "production.yml"));
            }
            finally
            {
                System.IO.Directory.Delete(root, true);
            }
        }

        [Fact]
        public async Task Manage_run_mode_uses_a_fresh_container_for_the_entrypoint()
        {
            ManageRunner manage = Manage(new ManageSettings { Mode = ManageMode.Run });
            await manage.RunAsync(await manage.OnMachineAsync(Connection, manage.DefaultMode, CancellationToken.None), new[] { "showmigrations", "-p" }, CancellationToken.None);
            CommandRequest request = Assert.Single(_runner.Requests);
            Assert.Equal(new[] { "compose", "-f", "production.yml", "run", "--rm", "-T", "web", "python", "/app/manage.py", "showmigrations", "-p" }, request.Arguments);
            Assert.Equal("tcp://10.1.2.3:2376", request.Environment["DOCKER_HOST"]);
            Assert.Equal("machine shop-1", request.Target);
        }

        [Fact]
        public async Task Manage_local_command_runs_in_its_directory_without_docker()
        {
            ManageRunner manage = Manage(new ManageSettings { LocalCommand = new[] { "python3", "manage.py" }, LocalWorkingDirectory = "django" });
            Assert.True(manage.HasLocalCommand);
            await manage.RunAsync(manage.Local(), new[] { "check" }, CancellationToken.None);
            CommandRequest request = Assert.Single(_runner.Requests);
            Assert.Equal("python3", request.Executable);
            Assert.Equal(new[] { "manage.py", "check" }, request.Arguments);
            Assert.Equal("/srv/shop/django", request.WorkingDirectory);
            Assert.False(request.Environment.ContainsKey("DOCKER_HOST"));
            Assert.Null(request.Target);
        }

        [Fact]
        public void Without_a_machine_or_local_command_the_error_says_what_to_do()
        {
            BlueGreenException error = Assert.Throws<BlueGreenException>(() => Manage(new ManageSettings()).Local());
            Assert.Equal("NoLocalManageCommand", error.ErrorId);
            Assert.Contains("Manage.LocalCommand", error.Message);
        }

        [Fact]
        public async Task A_failing_manage_command_carries_exit_code_and_stderr()
        {
            _runner.When(a => a.Contains("migrate"), exitCode: 2, output: new[] { "Operations to perform:" }, error: "django.db.utils.OperationalError: no such table");
            ManageRunner manage = Manage(new ManageSettings());
            ManageCommand command = await manage.OnMachineAsync(Connection, ManageMode.Exec, CancellationToken.None);
            CommandFailedException error = await Assert.ThrowsAsync<CommandFailedException>(() =>
                manage.RunAsync(command, new[] { "migrate" }, CancellationToken.None));
            Assert.Equal(2, error.ExitCode);
            Assert.Contains("no such table", error.StandardError);
            Assert.Equal(new[] { "Operations to perform:" }, error.Result.StandardOutput);
        }

        [Fact]
        public async Task A_bare_executable_name_is_left_to_PATH()
        {
            var compose = new ComposeRunner(_runner, new ComposeSettings { DockerExecutable = "docker" }, "/srv/shop", NullOperationReporter.Instance);
            ComposeCommand command = await compose.CommandAsync(CancellationToken.None);
            Assert.Equal("docker", command.Executable);
            Assert.Equal(new[] { "compose" }, command.Prefix);
            Assert.Equal("Compose.DockerExecutable", command.Source);
            Assert.Equal("/srv/shop", compose.ProjectDirectory);
        }

        [Fact]
        public async Task Compose_command_v1_runs_docker_compose_without_the_compose_word_and_wins_over_DockerExecutable()
        {
            var compose = new ComposeRunner(_runner,
                new ComposeSettings { Command = new[] { "./bin/docker-compose" }, DockerExecutable = "/usr/bin/docker", File = "production.yml" }, "/srv/shop", NullOperationReporter.Instance);

            await compose.RunAsync(Connection, new[] { "up", "--build", "-d" }, CancellationToken.None);

            CommandRequest request = Assert.Single(_runner.Requests);
            Assert.Equal("/srv/shop/bin/docker-compose", request.Executable);
            Assert.Equal(new[] { "-f", "production.yml", "up", "--build", "-d" }, request.Arguments);
            Assert.Equal("/usr/bin/docker", compose.DockerExecutable);
        }

        [Fact]
        public async Task Compose_command_v2_as_an_array_keeps_its_words_before_compose_arguments()
        {
            var compose = new ComposeRunner(_runner, new ComposeSettings { Command = new[] { "docker", "--log-level", "error", "compose" }, File = "production.yml" }, "/srv/shop", NullOperationReporter.Instance);
            await compose.RunAsync(Connection, new[] { "ps" }, CancellationToken.None);
            CommandRequest request = Assert.Single(_runner.Requests);
            Assert.Equal("docker", request.Executable);
            Assert.Equal(new[] { "--log-level", "error", "compose", "-f", "production.yml", "ps" }, request.Arguments);
        }

        [Fact]
        public void An_empty_compose_command_says_how_to_set_it()
        {
            BlueGreenException error = Assert.Throws<BlueGreenException>(() =>
                new ComposeRunner(_runner, new ComposeSettings { Command = new[] { "docker", " " } }, "/srv/shop", NullOperationReporter.Instance));
            Assert.Equal("ComposeCommandNotSet", error.ErrorId);
            Assert.Contains("@('docker-compose')", error.Message);
        }

        [Fact]
        public async Task A_local_project_connection_gives_project_name_directory_and_variables()
        {
            var variables = new Dictionary<string, string?> { ["SHOP_PORT"] = "41234", ["BLUEGREEN_COLOR"] = null, ["DOCKER_HOST"] = "tcp://elsewhere:2376" };
            DockerConnection local = DockerConnection.LocalProject("unix:///var/run/docker.sock", "shop-0000aaaa", "shop-0000aaaa", "/state/machines/shop-0000aaaa/app", variables);
            var compose = new ComposeRunner(_runner, new ComposeSettings { Command = new[] { "docker-compose" }, File = "production.yml", Service = "django" }, "/srv/shop", NullOperationReporter.Instance);
            var manage = new ManageRunner(_runner, compose, new ManageSettings { Command = new[] { "python", "manage.py" } }, "/srv/shop", NullOperationReporter.Instance);

            await compose.RunAsync(local, new[] { "up", "--build", "-d" }, CancellationToken.None);
            await manage.RunAsync(await manage.OnMachineAsync(local, ManageMode.Exec, CancellationToken.None), new[] { "migrate" }, CancellationToken.None);

            CommandRequest[] requests = _runner.Requests.ToArray();
            Assert.Equal(new[] { "-f", "production.yml", "-p", "shop-0000aaaa", "up", "--build", "-d" }, requests[0].Arguments);
            Assert.Equal(new[] { "ps", "--no-trunc", "--filter", "label=com.docker.compose.project=shop-0000aaaa" }, requests[1].Arguments.Take(4));
            Assert.Equal(new[] { "-f", "production.yml", "-p", "shop-0000aaaa", "exec", "-T", "django", "python", "manage.py", "migrate" }, requests[2].Arguments);
            Assert.Equal("unix:///var/run/docker.sock", requests[1].Environment["DOCKER_HOST"]);
            foreach (CommandRequest request in requests.Where(r => r.Arguments[0] != "ps"))
            {
                Assert.Equal("/state/machines/shop-0000aaaa/app", request.WorkingDirectory);
                Assert.Equal("unix:///var/run/docker.sock", request.Environment["DOCKER_HOST"]);
                Assert.Equal("shop-0000aaaa", request.Environment["COMPOSE_PROJECT_NAME"]);
                Assert.Equal("41234", request.Environment["SHOP_PORT"]);
                Assert.True(request.Environment.ContainsKey("BLUEGREEN_COLOR"));
                Assert.Null(request.Environment["BLUEGREEN_COLOR"]);
            }
        }
    }
}
