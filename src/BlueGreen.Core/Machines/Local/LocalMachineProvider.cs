using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using Amazon.EC2;
using Amazon.EC2.Model;
using BlueGreen.Configuration;
using BlueGreen.Processes;

namespace BlueGreen.Machines.Local
{
    /// <summary>
    /// Machines as gunicorn processes on this host, one per release, for watching a real blue-green cycle without
    /// AWS or Docker. A launch snapshots the app directory into &lt;state&gt;/machines/&lt;name&gt;/app, starts gunicorn
    /// there on 127.0.0.1:&lt;free port&gt; (daemonized in its own session, so it outlives pwsh), waits until it answers
    /// HTTP, and records it as an instance of the sandbox's EC2 (private IP 127.0.0.1, the port in bluegreen:port),
    /// which the sandbox's load balancer forwards to. Removal stops the process group (SIGTERM, then SIGKILL),
    /// terminates the instance and deletes the snapshot; the log (&lt;state&gt;/logs/&lt;name&gt;.log) is kept.
    /// Only a loopback EC2 endpoint is accepted (<see cref="SandboxEndpointCheck"/>).
    /// With Machines.Local.Runtime = 'Compose' the snapshot is a compose project on this host's engine instead
    /// (<see cref="LocalComposeProject"/>): the launch starts nothing, the application step is compose's
    /// (<see cref="LocalComposeApplication"/>), and removal runs compose down and checks no container is left.
    /// </summary>
    public sealed class LocalMachineProvider : IMachineProvider
    {
        private static readonly TimeSpan StartCommandTimeout = TimeSpan.FromSeconds(30);
        private const string LoopbackAddress = "127.0.0.1";

        private readonly Ec2MachineProvider _ec2;
        private readonly ICommandRunner _runner;
        private readonly LocalMachineSettings _settings;
        private readonly string _prefix;
        private readonly IOperationReporter _reporter;
        private readonly LocalComposeProject? _compose;

        /// <param name="compose">The compose runner of the project; required for Machines.Local.Runtime = 'Compose'.</param>
        public LocalMachineProvider(IAmazonEC2 ec2, ICommandRunner runner, ProjectConfiguration config, IOperationReporter reporter, ComposeRunner? compose = null)
        {
            if (config == null)
            {
                throw new ArgumentNullException(nameof(config));
            }

            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            _settings = config.Machines.Local;
            _reporter = reporter ?? NullOperationReporter.Instance;
            _prefix = MachineName.EnsureValidPrefix(config.Machines.Prefix);
            if (_settings.Runtime == LocalMachineRuntime.Compose)
            {
                _compose = new LocalComposeProject(compose ?? throw new ArgumentNullException(nameof(compose), "The Compose runtime needs the project's compose runner."), _runner, _settings, _reporter);
            }

            var launch = new Ec2LaunchSettings { ImageId = _settings.ImageId, InstanceType = _settings.InstanceType };
            _ec2 = new Ec2MachineProvider(ec2, config.Project, config.Machines, launch, MachineProviderKind.Local, _reporter) { WaitForStatusChecks = false };
        }

        public MachineProviderKind Kind => MachineProviderKind.Local;

        /// <summary>&lt;state&gt;/machines: one directory per machine (snapshot, pid file, record).</summary>
        public string MachinesDirectory => Path.Combine(_settings.StateDirectory, "machines");

        /// <summary>&lt;state&gt;/logs: gunicorn's log of each machine, kept after removal.</summary>
        public string LogsDirectory => Path.Combine(_settings.StateDirectory, "logs");

        public string MachineDirectory(string name) => Path.Combine(MachinesDirectory, MachineName.EnsureValid(name));

        public string SnapshotDirectory(string name) => Path.Combine(MachineDirectory(name), "app");

        public string LogFile(string name) => Path.Combine(LogsDirectory, MachineName.EnsureValid(name) + ".log");

        public async Task<MachineInstance> LaunchAsync(MachineLaunchRequest request, IProgress<string> status, CancellationToken cancellationToken)
        {
            // Checked before anything is made: a real endpoint would get real instances.
            SandboxEndpointCheck.EnsureLoopback(_ec2.Client.Config.ServiceURL, request.Name);
            if (!MachineName.HasPrefix(request.Name, _prefix))
            {
                throw new BlueGreenException("MachineNameOutsideProject", FailureCategory.InvalidArgument,
                    $"Machine name '{request.Name}' does not start with the project's prefix '{_prefix}'; it would not be found again. Use a name made by MachineName.CreateUnique.",
                    request.Name);
            }

            bool onCompose = _compose != null;
            string gunicorn = onCompose ? string.Empty : RequireExecutable(_settings.Gunicorn, "Machines.Local.Gunicorn");
            if (!onCompose)
            {
                RequireExecutable(_settings.Python, "Machines.Local.Python");
            }

            string wsgi = onCompose ? string.Empty : ResolveWsgiModule();
            string machineDirectory = MachineDirectory(request.Name);
            if (Directory.Exists(machineDirectory))
            {
                throw new BlueGreenException("LocalMachineExists", FailureCategory.ResourceExists,
                    $"'{machineDirectory}' already exists, so machine {request.Name} was launched before. Remove it with Remove-BgMachine -Name {request.Name}, or delete the directory if nothing runs there.",
                    request.Name);
            }

            var clock = Stopwatch.StartNew();
            LocalMachineRecord? record = null;
            try
            {
                status.Report("Snapshot of " + _settings.AppDirectory);
                Directory.CreateDirectory(machineDirectory);
                Directory.CreateDirectory(LogsDirectory);
                string snapshot = SnapshotDirectory(request.Name);
                int files = new AppSnapshot(_settings.Exclude, new[] { _settings.StateDirectory }).Copy(_settings.AppDirectory, snapshot, cancellationToken);
                _reporter.Verbose($"{request.Name}: copied {files} file(s) of {_settings.AppDirectory} to {snapshot}.");

                int port = LoopbackPorts.Reserve();

                // The instance is the sandbox's record of the machine: 127.0.0.1, registered with its port.
                void OnLoopback(RunInstancesRequest run)
                {
                    run.PrivateIpAddress = LoopbackAddress;
                    run.TagSpecifications[0].Tags.Add(new Tag(ProjectConfiguration.PortTagKey, port.ToString(CultureInfo.InvariantCulture)));
                }
                // A compose machine's output is compose's (Invoke-BgCompose ... logs): it has no log file of its own.
                string log = onCompose ? string.Empty : LogFile(request.Name);
                if (!onCompose)
                {
                    File.WriteAllText(log, string.Empty);
                }

                record = new LocalMachineRecord
                {
                    Name = request.Name, Port = port, AppDirectory = snapshot, LogFile = log, LaunchedAt = DateTimeOffset.UtcNow, Color = request.Color,
                    Runtime = _settings.Runtime, ComposeProject = onCompose ? LocalComposeProject.NameFor(request.Name) : null,
                };
                if (onCompose)
                {
                    // Nothing runs yet: the application step (compose up --build -d) starts the project on this port.
                    record.Save(machineDirectory);
                    MachineInstance launched = await _ec2.LaunchAsync(request, OnLoopback, status, cancellationToken).ConfigureAwait(false);
                    record.InstanceId = launched.InstanceId;
                    record.Save(machineDirectory);
                    _reporter.Verbose($"{request.Name}: compose project {record.ComposeProject} of {snapshot} gets port {port} ({_settings.PortVariable}), instance {launched.InstanceId} running, after {clock.Elapsed.TotalSeconds:0.0} s.");
                    return WithProcessState(launched, record, null);
                }

                status.Report($"gunicorn {wsgi} on {LoopbackAddress}:{port}");
                await StartGunicornAsync(gunicorn, wsgi, record, machineDirectory, cancellationToken).ConfigureAwait(false);

                // gunicorn boots while the instance does: the port is known, so RunInstances need not wait for it.
                // The first to fail stops the other (a cancelled EC2 launch terminates its instance itself).
                using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Task serving = WaitUntilServingAsync(record, machineDirectory, both.Token);
                Task<MachineInstance> launching = _ec2.LaunchAsync(request, OnLoopback, status, both.Token);
                MachineInstance instance = await BothAsync(serving, launching, both).ConfigureAwait(false);
                _reporter.Verbose($"{request.Name}: gunicorn (pid {record.Pid}, process group {record.ProcessGroup}) answers on {LoopbackAddress}:{port}, instance {instance.InstanceId} running, after {clock.Elapsed.TotalSeconds:0.0} s.");
                record.InstanceId = instance.InstanceId;
                record.Save(machineDirectory);
                return WithProcessState(instance, record, null);
            }
            catch (Exception ex)
            {
                status.Report("Launch failed; stopping what it started");
                await CleanUpAsync(request.Name, record, ex).ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>
        /// Waits for both; when one fails, cancels the other and throws the first real failure (not the cancellation it
        /// caused). An instance that was running by the time gunicorn failed is terminated here: a cancelled EC2 launch
        /// terminates its own instance, a finished one does not, and on a loaded machine the instance can win the race.
        /// </summary>
        private async Task<MachineInstance> BothAsync(Task serving, Task<MachineInstance> launching, CancellationTokenSource both)
        {
            Task first = await Task.WhenAny(serving, launching).ConfigureAwait(false);
            if (!first.IsCompletedSuccessfully)
            {
                both.Cancel();
            }

            try
            {
                await Task.WhenAll(serving, launching).ConfigureAwait(false);
            }
            catch (Exception)
            {
                if (launching.IsCompletedSuccessfully)
                {
                    await TerminateLaunchedAsync(launching.Result).ConfigureAwait(false);
                }

                Exception? failure = new[] { first, first == serving ? (Task)launching : serving }
                    .Where(t => t.IsFaulted)
                    .Select(t => t.Exception!.InnerException!)
                    .FirstOrDefault(e => !(e is OperationCanceledException));
                if (failure != null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                }

                throw;
            }

            return launching.Result;
        }

        private async Task TerminateLaunchedAsync(MachineInstance instance)
        {
            try
            {
                // Not cancellable: the launch failed, and its instance must not outlive it.
                await _ec2.RemoveAsync(instance, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception cleanupFailure)
            {
                _reporter.Warning($"Launching {instance.Name} failed and terminating its instance {instance.InstanceId} failed too ({cleanupFailure.Message}). Terminate it by hand.");
            }
        }

        public async Task<IReadOnlyList<MachineInstance>> ListAsync(CancellationToken cancellationToken)
        {
            IReadOnlyList<MachineInstance> instances = await _ec2.ListAsync(cancellationToken).ConfigureAwait(false);
            var records = instances.Select(i => (Instance: i, Record: LocalMachineRecord.Load(MachineDirectory(i.Name)))).ToList();
            ILookup<string, ProjectContainer>? containers = null;
            if (_compose != null && records.Any(r => r.Record?.ComposeProject != null))
            {
                containers = await _compose.AllProjectsAsync(cancellationToken).ConfigureAwait(false);
            }

            return records.Select(r => WithProcessState(r.Instance, r.Record, containers)).ToList();
        }

        public async Task RemoveAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            if (machine == null)
            {
                throw new ArgumentNullException(nameof(machine));
            }

            string machineDirectory = MachineDirectory(machine.Name);
            LocalMachineRecord? record = LocalMachineRecord.Load(machineDirectory);
            if (record?.ComposeProject != null)
            {
                await ComposeProject().DownAsync(record, ComposeConnection(record), cancellationToken).ConfigureAwait(false);
            }
            else if (record != null)
            {
                await StopAsync(record, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _reporter.Warning($"{machine.Name} has no record in {machineDirectory}, so no process of it can be stopped; only its instance is terminated.");
            }

            await _ec2.RemoveAsync(machine, cancellationToken).ConfigureAwait(false);
            DeleteDirectory(machineDirectory);
        }

        /// <summary>Compose runtime: this host's engine with the machine's compose project, snapshot and variables; MachineHasNoDockerEngine for a gunicorn machine.</summary>
        public Task<DockerConnection> GetDockerConnectionAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            if (machine == null)
            {
                throw new ArgumentNullException(nameof(machine));
            }

            LocalMachineRecord? record = LocalMachineRecord.Load(MachineDirectory(machine.Name));
            if (record?.ComposeProject != null)
            {
                return Task.FromResult(ComposeConnection(record));
            }

            return Task.FromException<DockerConnection>(new BlueGreenException("MachineHasNoDockerEngine", FailureCategory.InvalidOperation,
                record == null && _compose != null
                    ? $"Machine {machine.Name} has no record in {MachineDirectory(machine.Name)} (removed, or launched from another Machines.Local.StateDirectory), so how compose reaches it is not known. Check Machines.Local.StateDirectory, or remove the machine and launch a new one."
                    : $"Machine {machine.Name} is a Local machine of the Gunicorn runtime (gunicorn on this host): it has no Docker engine, so compose does not apply. Use Invoke-BgManage for manage.py, or launch machines with Machines.Local.Runtime = 'Compose'.",
                machine));
        }

        /// <summary>Gunicorn runtime: the gunicorn the launch started; Compose runtime: compose on this host's engine, then the wait for the port.</summary>
        public IMachineApplication CreateApplication(ComposeRunner compose, ManageRunner manage) => _compose != null
            ? new LocalComposeApplication(this, new ComposeApplication(this, compose, manage))
            : new LocalProcessApplication(this);

        /// <summary>Compose runtime: waits until the machine's port answers HTTP after up (see <see cref="LocalComposeProject.WaitUntilServingAsync"/>).</summary>
        internal Task WaitUntilComposeServingAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            LocalMachineRecord record = LocalMachineRecord.Load(MachineDirectory(machine.Name)) is { ComposeProject: not null } found
                ? found
                : throw new BlueGreenException("LocalSnapshotMissing", FailureCategory.ObjectNotFound,
                    $"Machine {machine.Name} has no compose record in {MachineDirectory(machine.Name)}. Check Machines.Local.StateDirectory, or remove the machine and launch a new one.", machine);
            return ComposeProject().WaitUntilServingAsync(record, ComposeConnection(record), cancellationToken);
        }

        private LocalComposeProject ComposeProject() => _compose
            ?? throw new BlueGreenException("LocalRuntimeMismatch", FailureCategory.InvalidOperation,
                "This machine was launched with Machines.Local.Runtime = 'Compose', but bluegreen.psd1 now says Gunicorn. Set Runtime = 'Compose' again to manage or remove it.", "Machines.Local.Runtime");

        private DockerConnection ComposeConnection(LocalMachineRecord record) => ComposeProject().Connection(record, Environment(record.Name, record.Color));

        /// <summary>manage.py in the machine's snapshot with its environment (what Invoke-BgManage and the deployment engine run).</summary>
        internal ManageCommand ManageCommand(MachineInstance machine)
        {
            string snapshot = SnapshotDirectory(machine.Name);
            if (!File.Exists(Path.Combine(snapshot, "manage.py")))
            {
                throw new BlueGreenException("LocalSnapshotMissing", FailureCategory.ObjectNotFound,
                    $"Machine {machine.Name} has no manage.py in its snapshot '{snapshot}' (removed, or launched from another state directory). Check Machines.Local.StateDirectory, or remove the machine and launch a new one.",
                    machine);
            }

            return new ManageCommand(RequireExecutable(_settings.Python, "Machines.Local.Python"), new[] { "manage.py" }, snapshot, Environment(machine.Name), "machine " + machine.Name);
        }

        /// <summary>Throws LocalMachineNotServing when the machine's gunicorn is gone.</summary>
        internal void EnsureServing(MachineInstance machine)
        {
            LocalMachineRecord? record = LocalMachineRecord.Load(MachineDirectory(machine.Name));
            if (record == null || !IsAlive(record))
            {
                throw new BlueGreenException("LocalMachineNotServing", FailureCategory.ResourceUnavailable,
                    $"Machine {machine.Name}'s gunicorn is not running{(record == null ? " (it has no record)" : $" (pid {record.Pid}; see {record.LogFile})")}. Remove it (Remove-BgMachine -Name {machine.Name}) and launch another.",
                    machine);
            }
        }

        /// <summary>
        /// The variables of gunicorn and manage.py: Machines.Local.Environment ({StateDirectory} replaced), BLUEGREEN_MACHINE
        /// and, when the machine was launched for a group of known color, BLUEGREEN_COLOR.
        /// </summary>
        internal IReadOnlyDictionary<string, string?> Environment(string machineName, string? color = null)
        {
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> variable in _settings.Environment)
            {
                environment[variable.Key] = variable.Value.Replace("{StateDirectory}", _settings.StateDirectory, StringComparison.Ordinal);
            }

            environment["BLUEGREEN_MACHINE"] = machineName;
            if (color != null)
            {
                environment["BLUEGREEN_COLOR"] = color;
            }

            return environment;
        }

        /// <summary>The WSGI module: Machines.Local.WsgiModule, else &lt;dir&gt;.wsgi for the one top-level directory of the app with a wsgi.py.</summary>
        internal string ResolveWsgiModule()
        {
            if (_settings.WsgiModule != null)
            {
                return _settings.WsgiModule;
            }

            if (!Directory.Exists(_settings.AppDirectory))
            {
                throw new BlueGreenException("LocalAppDirectoryNotFound", FailureCategory.ObjectNotFound,
                    $"The app directory '{_settings.AppDirectory}' does not exist. Set Machines.Local.AppDirectory in bluegreen.psd1 to the directory of manage.py.", _settings.AppDirectory);
            }

            List<string> candidates = Directory.EnumerateDirectories(_settings.AppDirectory)
                .Where(d => File.Exists(Path.Combine(d, "wsgi.py")))
                .Select(d => Path.GetFileName(d))
                .OrderBy(d => d, StringComparer.Ordinal)
                .ToList();
            if (candidates.Count != 1)
            {
                throw new BlueGreenException("LocalWsgiModuleNotFound", FailureCategory.InvalidArgument,
                    $"Machines.Local.WsgiModule is not set and {(candidates.Count == 0 ? "no directory" : string.Join(", ", candidates))} of '{_settings.AppDirectory}' has a wsgi.py. Set it in bluegreen.psd1, e.g. WsgiModule = 'project.wsgi'.",
                    "Machines.Local.WsgiModule");
            }

            return candidates[0] + ".wsgi";
        }

        private async Task StartGunicornAsync(string gunicorn, string wsgi, LocalMachineRecord record, string machineDirectory, CancellationToken cancellationToken)
        {
            string pidFile = Path.Combine(machineDirectory, "gunicorn.pid");
            var request = new CommandRequest(gunicorn, new[]
            {
                "--daemon", "--pid", pidFile,
                "--bind", $"{LoopbackAddress}:{record.Port.ToString(CultureInfo.InvariantCulture)}",
                "--workers", _settings.Workers.ToString(CultureInfo.InvariantCulture),
                "--chdir", record.AppDirectory,
                "--error-logfile", record.LogFile, "--capture-output",
                wsgi,
            })
            {
                WorkingDirectory = record.AppDirectory,
                Environment = Environment(record.Name, record.Color),
                Timeout = StartCommandTimeout,
                Target = "machine " + record.Name,
            };
            _reporter.Verbose($"Starting {request.DisplayText} in {record.AppDirectory}.");
            try
            {
                await _runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (CommandFailedException failed)
            {
                throw NotServing(record, $"gunicorn did not start (exit code {failed.Result.ExitCode}: {failed.Result.StandardError.Trim()})", failed);
            }
        }

        private async Task WaitUntilServingAsync(LocalMachineRecord record, string machineDirectory, CancellationToken cancellationToken)
        {
            string pidFile = Path.Combine(machineDirectory, "gunicorn.pid");
            var url = new Uri($"http://{LoopbackAddress}:{record.Port.ToString(CultureInfo.InvariantCulture)}/");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var clock = Stopwatch.StartNew();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (record.Pid == 0 && TryReadPid(pidFile) is int pid && ProcessGroup.Of(pid) is int group)
                {
                    record.Pid = pid;
                    record.ProcessGroup = group;
                    record.Save(machineDirectory);
                }

                if (record.Pid != 0 && !ProcessGroup.IsAlive(record.Pid))
                {
                    throw NotServing(record, $"gunicorn (pid {record.Pid}) exited before it answered", null);
                }

                // A master that halts at once (a worker failed to boot) may remove its pid file before it is read:
                // its log says so.
                if (GunicornLog.HasHalted(record.LogFile))
                {
                    throw NotServing(record, "gunicorn stopped before it answered", null);
                }

                if (record.Pid != 0)
                {
                    try
                    {
                        using HttpResponseMessage response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
                        return;
                    }
                    catch (HttpRequestException)
                    {
                    }
                    catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                    }
                }

                if (clock.Elapsed >= _settings.ReadyTimeout)
                {
                    throw NotServing(record, $"gunicorn did not answer HTTP on {url} within {_settings.ReadyTimeout.TotalSeconds:0} s (Machines.Local.ReadyTimeoutSeconds)", null);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task StopAsync(LocalMachineRecord record, CancellationToken cancellationToken)
        {
            if (record.ProcessGroup == 0)
            {
                return;
            }

            IReadOnlyList<int> members = ProcessGroup.Members(record.ProcessGroup);
            if (members.Count == 0)
            {
                _reporter.Verbose($"{record.Name}: no process of group {record.ProcessGroup} is left.");
                return;
            }

            if (!IsOurs(record, members))
            {
                _reporter.Warning($"{record.Name}: process group {record.ProcessGroup} now belongs to another program (none of {string.Join(", ", members)} serves {record.AppDirectory}); it is not signalled.");
                return;
            }

            var clock = Stopwatch.StartNew();
            bool killed = await ProcessGroup.StopAsync(record.ProcessGroup, _settings.StopTimeout, cancellationToken).ConfigureAwait(false);
            _reporter.Verbose($"{record.Name}: process group {record.ProcessGroup} ({members.Count} process(es)) stopped by {(killed ? "SIGKILL" : "SIGTERM")} in {clock.Elapsed.TotalSeconds:0.0} s.");
        }

        private async Task CleanUpAsync(string name, LocalMachineRecord? record, Exception cause)
        {
            try
            {
                // Not cancellable: a failed or cancelled launch must not leave a process behind.
                if (record != null)
                {
                    string pidFile = Path.Combine(MachineDirectory(name), "gunicorn.pid");
                    if (record.ProcessGroup == 0 && TryReadPid(pidFile) is int pid && ProcessGroup.Of(pid) is int group)
                    {
                        record.Pid = pid;
                        record.ProcessGroup = group;
                    }

                    await StopAsync(record, CancellationToken.None).ConfigureAwait(false);

                    // Stopped before the pid file was read (or written): find gunicorn by its --chdir.
                    foreach (int found in ProcessGroup.GroupsRunning("--chdir " + record.AppDirectory + " "))
                    {
                        await StopAsync(new LocalMachineRecord { Name = name, ProcessGroup = found, AppDirectory = record.AppDirectory }, CancellationToken.None).ConfigureAwait(false);
                    }
                }

                DeleteDirectory(MachineDirectory(name));
                _reporter.Verbose($"Cleaned up {name} after: {cause.Message}");
            }
            catch (Exception cleanupFailure)
            {
                _reporter.Warning($"Launching {name} failed and cleaning up failed too ({cleanupFailure.Message}). Check 'ps -g {record?.ProcessGroup}' and {MachineDirectory(name)}.");
            }
        }

        private MachineInstance WithProcessState(MachineInstance instance, LocalMachineRecord? record, ILookup<string, ProjectContainer>? containers)
        {
            // The instance's state, except that a running Local instance (one with a port tag) whose gunicorn is
            // gone says so: "exited". Other instances of the project (launched by another provider) keep theirs.
            // A compose machine is "exited" when its project has containers and none is up; with none (not started
            // yet, or -SkipComposeUp) the instance's state stands.
            bool alive = record?.ComposeProject != null
                ? containers == null || !containers[record.ComposeProject].Any() || containers[record.ComposeProject].Any(c => c.IsUp)
                : record != null && IsAlive(record);
            string state = instance.State == "running" && instance.Port != null && !alive ? "exited" : instance.State;
            return new MachineInstance(instance.Name, instance.InstanceId, MachineProviderKind.Local, instance.Address, state, null,
                instance.Release, instance.LaunchedAt, instance.Port ?? record?.Port, deployment: instance.Deployment);
        }

        private static bool IsAlive(LocalMachineRecord record)
        {
            if (record.ProcessGroup == 0)
            {
                return false;
            }

            IReadOnlyList<int> members = ProcessGroup.Members(record.ProcessGroup);
            return members.Count > 0 && IsOurs(record, members);
        }

        /// <summary>True when one of <paramref name="members"/> is gunicorn serving the record's snapshot (a reused pid is not); true where /proc cannot tell.</summary>
        private static bool IsOurs(LocalMachineRecord record, IReadOnlyList<int> members) =>
            members.Any(pid => ProcessGroup.CommandLineOf(pid) is not string commandLine || commandLine.Contains(record.AppDirectory, StringComparison.Ordinal));

        private static int? TryReadPid(string pidFile)
        {
            try
            {
                return File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0 ? pid : (int?)null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        private static BlueGreenException NotServing(LocalMachineRecord record, string problem, Exception? inner)
        {
            string? cause = GunicornLog.FirstPythonError(record.LogFile);
            return new BlueGreenException("LocalMachineDidNotStart", FailureCategory.ResourceUnavailable,
                $"{record.Name}: {problem}{(cause == null ? "" : ": " + cause)}. Everything it started was stopped. Last lines of {record.LogFile}:{System.Environment.NewLine}{GunicornLog.Tail(record.LogFile, 20)}",
                record.Name, inner);
        }

        private static string RequireExecutable(string executable, string setting)
        {
            bool hasDirectory = executable.IndexOf('/') >= 0;
            if (hasDirectory ? File.Exists(executable) : ExecutablePath.FindOnPath(executable) != null)
            {
                return executable;
            }

            throw new BlueGreenException("LocalExecutableNotFound", FailureCategory.NotInstalled,
                $"{setting} is '{executable}', which {(hasDirectory ? "does not exist" : "is not on PATH")}. Install it (Debian: apt-get install gunicorn python3-django) or set {setting} in bluegreen.psd1 to its full path.",
                setting);
        }

        private static void DeleteDirectory(string directory)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
