using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Machines.Local;
using BlueGreen.Processes;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines.Local
{
    /// <summary>The Local provider's parts that need no gunicorn: manage.py's command, the WSGI module, the Docker refusal.</summary>
    public sealed class LocalMachineProviderTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "bg-localprov-" + Guid.NewGuid().ToString("N"));
        private readonly ProjectConfiguration _config;
        private readonly InMemoryEc2Client _ec2 = new InMemoryEc2Client();

        public LocalMachineProviderTests()
        {
            Directory.CreateDirectory(Path.Combine(_root, "app"));
            _config = new ProjectConfiguration { Project = "shop", Machines = new MachineSettings { Prefix = "shop-", Provider = MachineProviderKind.Local } };
            _config.Machines.Local.AppDirectory = Path.Combine(_root, "app");
            _config.Machines.Local.StateDirectory = Path.Combine(_root, "state");
            _config.Machines.Local.Environment = new Dictionary<string, string>
            {
                ["DJANGO_SETTINGS_MODULE"] = "project.settings",
                ["DATABASE_URL"] = "sqlite:///{StateDirectory}/db.sqlite3",
            };
        }

        public void Dispose()
        {
            _ec2.Dispose();
            Directory.Delete(_root, recursive: true);
        }

        private LocalMachineProvider Provider() => new LocalMachineProvider(_ec2, new RecordingCommandRunner(), _config, new RecordingReporter());

        private static MachineInstance Machine(string name) => new MachineInstance(name, "i-0123456789abcdef0", MachineProviderKind.Local, "127.0.0.1", "running", port: 41234);

        [Fact]
        public async Task Manage_runs_python_in_the_machines_snapshot_with_its_environment()
        {
            LocalMachineProvider provider = Provider();
            string snapshot = provider.SnapshotDirectory("shop-0000aaaa");
            Directory.CreateDirectory(snapshot);
            File.WriteAllText(Path.Combine(snapshot, "manage.py"), string.Empty);
            IMachineApplication application = provider.CreateApplication(null!, null!);

            ManageCommand command = await application.ManageCommandAsync(Machine("shop-0000aaaa"), ManageMode.Run, CancellationToken.None);
            CommandRequest request = command.CreateRequest(new[] { "migrate", "--noinput" });

            Assert.Null(application.StartDescription);
            Assert.Equal("/usr/bin/python3", request.Executable);
            Assert.Equal(new[] { "manage.py", "migrate", "--noinput" }, request.Arguments);
            Assert.Equal(Path.Combine(_root, "state", "machines", "shop-0000aaaa", "app"), request.WorkingDirectory);
            Assert.Equal("project.settings", request.Environment["DJANGO_SETTINGS_MODULE"]);
            Assert.Equal($"sqlite:///{Path.Combine(_root, "state")}/db.sqlite3", request.Environment["DATABASE_URL"]);
            Assert.Equal("shop-0000aaaa", request.Environment["BLUEGREEN_MACHINE"]);
            Assert.Equal("machine shop-0000aaaa", request.Target);
        }

        [Fact]
        public void A_machine_launched_for_a_colored_group_is_told_its_color()
        {
            LocalMachineProvider provider = Provider();

            IReadOnlyDictionary<string, string?> green = provider.Environment("shop-0000aaaa", "green");
            IReadOnlyDictionary<string, string?> unknown = provider.Environment("shop-0000aaaa");

            Assert.Equal("green", green["BLUEGREEN_COLOR"]);
            Assert.Equal("shop-0000aaaa", green["BLUEGREEN_MACHINE"]);
            Assert.False(unknown.ContainsKey("BLUEGREEN_COLOR"));
        }

        [Fact]
        public async Task A_machine_without_a_snapshot_or_a_process_says_what_to_do()
        {
            IMachineApplication application = Provider().CreateApplication(null!, null!);

            BlueGreenException noSnapshot = await Assert.ThrowsAsync<BlueGreenException>(() => application.ManageCommandAsync(Machine("shop-0000bbbb"), ManageMode.Exec, CancellationToken.None));
            Assert.Equal("LocalSnapshotMissing", noSnapshot.ErrorId);
            Assert.Contains("Machines.Local.StateDirectory", noSnapshot.Message);

            BlueGreenException notServing = await Assert.ThrowsAsync<BlueGreenException>(() => application.StartAsync(Machine("shop-0000bbbb"), CancellationToken.None));
            Assert.Equal("LocalMachineNotServing", notServing.ErrorId);
            Assert.Contains("Remove-BgMachine -Name shop-0000bbbb", notServing.Message);
        }

        [Fact]
        public async Task A_Local_machine_has_no_Docker_engine()
        {
            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => Provider().GetDockerConnectionAsync(Machine("shop-0000cccc"), CancellationToken.None));

            Assert.Equal("MachineHasNoDockerEngine", error.ErrorId);
            Assert.Contains("Invoke-BgManage", error.Message);
        }

        [Fact]
        public void The_WSGI_module_is_the_setting_else_the_one_wsgi_py_of_the_app()
        {
            string app = _config.Machines.Local.AppDirectory;
            BlueGreenException none = Assert.Throws<BlueGreenException>(() => Provider().ResolveWsgiModule());
            Assert.Equal("LocalWsgiModuleNotFound", none.ErrorId);
            Assert.Contains("WsgiModule = 'project.wsgi'", none.Message);

            Directory.CreateDirectory(Path.Combine(app, "config"));
            File.WriteAllText(Path.Combine(app, "config", "wsgi.py"), string.Empty);
            Assert.Equal("config.wsgi", Provider().ResolveWsgiModule());

            Directory.CreateDirectory(Path.Combine(app, "other"));
            File.WriteAllText(Path.Combine(app, "other", "wsgi.py"), string.Empty);
            BlueGreenException two = Assert.Throws<BlueGreenException>(() => Provider().ResolveWsgiModule());
            Assert.Contains("config, other", two.Message);

            _config.Machines.Local.WsgiModule = "other.wsgi:app";
            Assert.Equal("other.wsgi:app", Provider().ResolveWsgiModule());
        }

        [Fact]
        public async Task A_missing_gunicorn_is_reported_before_anything_is_made()
        {
            _config.Machines.Local.Gunicorn = Path.Combine(_root, "no-gunicorn");
            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                Provider().LaunchAsync(new MachineLaunchRequest("shop-0000dddd", null), new Progress<string>(), CancellationToken.None));

            Assert.Equal("LocalExecutableNotFound", error.ErrorId);
            Assert.Contains("Machines.Local.Gunicorn", error.Message);
            Assert.False(Directory.Exists(_config.Machines.Local.StateDirectory));
        }

        [Fact]
        public void A_gunicorn_that_failed_to_boot_is_reported_by_the_exception_its_worker_raised_not_by_the_halt_that_followed()
        {
            // What Debian's gunicorn 20.1 logs for a missing WSGI module: the worker's traceback, then the arbiter's.
            string log = Path.Combine(_root, "gunicorn.log");
            File.WriteAllLines(log, new[]
            {
                "[2026-12-01 18:10:00 +0000] [8665] [ERROR] Exception in worker process",
                "Traceback (most recent call last):",
                "  File \"/usr/lib/python3/dist-packages/gunicorn/util.py\", line 359, in import_app",
                "ModuleNotFoundError: No module named 'localweb.missing'",
                "[2026-12-01 18:10:00 +0000] [8666] [INFO] Worker exiting (pid: 8666)",
                "Traceback (most recent call last):",
                "  File \"/usr/lib/python3/dist-packages/gunicorn/arbiter.py\", line 525, in reap_workers",
                "gunicorn.errors.HaltServer: <HaltServer 'Worker failed to boot.' 3>",
            });

            Assert.Equal("ModuleNotFoundError: No module named 'localweb.missing'", GunicornLog.FirstPythonError(log));
            Assert.Null(GunicornLog.FirstPythonError(Path.Combine(_root, "absent.log")));
            File.WriteAllText(log, "[INFO] Starting gunicorn 20.1.0\n[INFO] Listening at: http://127.0.0.1:8000\n");
            Assert.Null(GunicornLog.FirstPythonError(log));
        }

        [Fact]
        public async Task A_gunicorn_that_fails_after_its_instance_is_running_leaves_no_instance()
        {
            // On a loaded machine the instance can be running before gunicorn gives up: the launch has then finished,
            // nothing cancels it, and the failed launch must still terminate what it made. (The command runner only
            // records, so this gunicorn never answers; the instance is running at its first poll.)
            string gunicorn = Path.Combine(_root, "gunicorn");
            File.WriteAllText(gunicorn, "#!/bin/sh\nexit 3\n");
            File.SetUnixFileMode(gunicorn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            _config.Machines.Local.Gunicorn = gunicorn;
            _config.Machines.Local.WsgiModule = "project.wsgi";
            _config.Machines.Local.ReadyTimeout = TimeSpan.FromSeconds(2);
            _ec2.PendingPolls = 0;

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                Provider().LaunchAsync(new MachineLaunchRequest("shop-0000eeee", null), new Progress<string>(), CancellationToken.None));

            Assert.StartsWith("Local", error.ErrorId);
            Assert.Single(_ec2.RunRequests);
            Assert.Empty(_ec2.Alive);
            Assert.Single(_ec2.Terminated);
            Assert.False(Directory.Exists(Path.Combine(_config.Machines.Local.StateDirectory!, "machines", "shop-0000eeee")));
        }
    }
}
