using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Processes;
using Xunit;

namespace BlueGreen.Tests.Unit.Processes
{
    /// <summary>manage_session.py in a real Python and Django (the system's python3 with Django 3.2), through CliWrap's pipes.</summary>
    public sealed class ManageSessionDjangoTests : IDisposable
    {
        private readonly string _project = Path.Combine(Path.GetTempPath(), "bg-session-" + Guid.NewGuid().ToString("N"));

        public ManageSessionDjangoTests()
        {
            Directory.CreateDirectory(_project);
            File.WriteAllText(Path.Combine(_project, "manage.py"),
                "import os, sys\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'settings')\nfrom django.core.management import execute_from_command_line\nexecute_from_command_line(sys.argv)\n");
            File.WriteAllText(Path.Combine(_project, "settings.py"),
                "SECRET_KEY = 'test'\nINSTALLED_APPS = ['django.contrib.contenttypes']\n" +
                "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'}}\nUSE_TZ = True\n");
        }

        public void Dispose() => Directory.Delete(_project, recursive: true);

        [Fact]
        public async Task A_real_session_runs_commands_as_manage_py_would_and_ends_when_its_input_closes()
        {
            var command = new ManageCommand("/usr/bin/python3", new[] { "manage.py" }, _project, null, "this computer");
            IInteractiveProcess? process = null;
            var starter = new Capturing(CliWrapInteractiveProcessStarter.Instance, p => process = p);
            ManageSession session = await ManageSession.OpenAsync(starter, command, TimeSpan.FromSeconds(60), CancellationToken.None);

            CommandResult migrate = await session.RunAsync(command.CreateRequest(new[] { "migrate", "--noinput" }), new[] { "migrate", "--noinput" }, TimeSpan.FromSeconds(60), CancellationToken.None)
                ?? throw new InvalidOperationException("The session was closed.");
            CommandResult list = await session.RunAsync(command.CreateRequest(new[] { "showmigrations" }), new[] { "showmigrations" }, TimeSpan.FromSeconds(60), CancellationToken.None)
                ?? throw new InvalidOperationException("The session was closed.");
            CommandResult unknown = await session.RunAsync(command.CreateRequest(new[] { "nosuchcommand" }), new[] { "nosuchcommand" }, TimeSpan.FromSeconds(60), CancellationToken.None)
                ?? throw new InvalidOperationException("The session was closed.");
            await session.CloseAsync();

            Assert.True(session.RemotePid > 0);
            Assert.Equal(0, migrate.ExitCode);
            Assert.Contains(migrate.StandardOutput, l => l.Trim() == "Applying contenttypes.0001_initial... OK");
            Assert.Contains(list.StandardOutput, l => l.Trim() == "[X] 0002_remove_content_type_name");
            Assert.True(File.Exists(Path.Combine(_project, "db.sqlite3")));
            Assert.Equal(1, unknown.ExitCode);
            Assert.Contains("Unknown command: 'nosuchcommand'", unknown.StandardError);
            // It ended by itself at the end of its input (exit 0), not killed (-1).
            Assert.Equal(0, await process!.Exited);
            Assert.False(session.IsOpen);
        }

        private sealed class Capturing(IInteractiveProcessStarter inner, Action<IInteractiveProcess> started) : IInteractiveProcessStarter
        {
            public IInteractiveProcess Start(CommandRequest request, Action<string> onOutputLine)
            {
                IInteractiveProcess process = inner.Start(request, onOutputLine);
                started(process);
                return process;
            }
        }
    }
}
