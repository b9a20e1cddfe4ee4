using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using BlueGreen.Configuration;
using BlueGreen.Processes;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Machines made by docker-machine (the seed's way): <c>create -d amazonec2 --engine-label &lt;label&gt;</c>,
    /// <c>inspect</c> for the instance id and address, <c>ls</c> with the seed's filters, <c>rm -y</c>, and the
    /// Docker connection read from <c>env --shell bash</c> as data. Every call is an argument array; names are
    /// validated before they are passed, so a name can never be read as an option.
    /// </summary>
    public sealed class DockerMachineProvider : IMachineProvider
    {
        private readonly ICommandRunner _runner;
        private readonly DockerMachineSettings _settings;
        private readonly string _prefix;
        private readonly string _label;
        private readonly IOperationReporter _reporter;

        /// <summary>How many <c>docker-machine inspect</c> run at once when the machines are listed.</summary>
        internal const int MaxParallelInspects = 8;

        // What inspect and env printed for each machine, for this provider's lifetime (one cmdlet call). A machine's
        // instance id, address, SSH user and Docker connection do not change after its create, while a deployment
        // reads the inventory several times and connects to each machine for every compose or manage.py call: each
        // docker-machine process costs tens of milliseconds of CPU, which for 64 machines added seconds. The ls
        // before each listing still decides which machines exist and run; rm and a failed create forget a machine.
        private readonly ConcurrentDictionary<string, MachineInstance> _inspected = new ConcurrentDictionary<string, MachineInstance>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, DockerConnection> _connections = new ConcurrentDictionary<string, DockerConnection>(StringComparer.Ordinal);

        public DockerMachineProvider(ICommandRunner runner, string project, MachineSettings settings, IOperationReporter reporter)
        {
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            _settings = settings.DockerMachine;
            _prefix = MachineName.EnsureValidPrefix(settings.Prefix);
            _label = EngineLabelOf(project, _settings);
            _reporter = reporter ?? NullOperationReporter.Instance;
            if (string.IsNullOrEmpty(_settings.Driver) || _settings.Driver.StartsWith("-", StringComparison.Ordinal))
            {
                throw new BlueGreenException("InvalidDockerMachineDriver", FailureCategory.InvalidArgument,
                    $"'{_settings.Driver}' is not a docker-machine driver name. Set Machines.DockerMachine.Driver in bluegreen.psd1, e.g. 'amazonec2'.",
                    _settings.Driver);
            }
        }

        public MachineProviderKind Kind => MachineProviderKind.DockerMachine;

        /// <summary>The engine label every machine of the project gets and is listed by (default project=&lt;project&gt;).</summary>
        public string EngineLabel => _label;

        public async Task<MachineInstance> LaunchAsync(MachineLaunchRequest request, IProgress<string> status, CancellationToken cancellationToken)
        {
            if (!MachineName.HasPrefix(request.Name, _prefix))
            {
                throw new BlueGreenException("MachineNameOutsideProject", FailureCategory.InvalidArgument,
                    $"Machine name '{request.Name}' does not start with the project's prefix '{_prefix}'; it would not be found again. Use a name made by MachineName.CreateUnique.",
                    request.Name);
            }

            var arguments = new List<string> { "create", "-d", _settings.Driver, "--engine-label", _label };
            arguments.AddRange(_settings.CreateOptions);
            arguments.Add(request.Name);
            status.Report($"docker-machine create {request.Name}");
            try
            {
                await RunAsync(arguments, cancellationToken, request.Name).ConfigureAwait(false);
                status.Report($"Inspecting {request.Name}");
                Forget(request.Name);
                MachineInstance machine = Remember(await InspectAsync(request.Name, cancellationToken).ConfigureAwait(false), request.Name);
                return new MachineInstance(machine.Name, machine.InstanceId, Kind, machine.Address, machine.State, machine.SshUser, request.Release, DateTimeOffset.UtcNow);
            }
            catch (Exception ex)
            {
                // A create that failed half-way leaves a host (and often an instance) behind; remove both.
                status.Report($"Launch failed; removing {request.Name}");
                await CleanUpAsync(request.Name, ex).ConfigureAwait(false);
                throw;
            }
        }

        public async Task<IReadOnlyList<MachineInstance>> ListAsync(CancellationToken cancellationToken)
        {
            CommandResult listed = await RunAsync(new[]
            {
                "ls", "--filter", "state=Running", "--filter", "driver=" + _settings.Driver, "--filter", "label=" + _label, "--format", "{{.Name}}",
            }, cancellationToken).ConfigureAwait(false);
            var names = new List<string>();
            foreach (string line in listed.StandardOutput)
            {
                string name = line.Trim();
                if (!MachineName.HasPrefix(name, _prefix))
                {
                    continue;
                }

                if (!MachineName.IsValid(name))
                {
                    _reporter.Warning($"docker-machine lists a machine named '{name}', which is not a valid machine name; it is left alone.");
                    continue;
                }

                names.Add(name);
            }

            // Each machine is inspected once per provider, MaxParallelInspects at a time; the order is ls's.
            var machines = new MachineInstance[names.Count];
            using (var gate = new SemaphoreSlim(MaxParallelInspects))
            {
                await Task.WhenAll(names.Select(async (name, index) =>
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        machines[index] = _inspected.TryGetValue(name, out MachineInstance? known)
                            ? known
                            : Remember(await InspectAsync(name, cancellationToken).ConfigureAwait(false), name);
                    }
                    finally
                    {
                        gate.Release();
                    }
                })).ConfigureAwait(false);
            }

            return machines;
        }

        private MachineInstance Remember(MachineInstance machine, string name)
        {
            // Only a machine whose create has finished (it has its instance id) is remembered.
            if (machine.InstanceId != null)
            {
                _inspected[name] = machine;
            }

            return machine;
        }

        private void Forget(string name)
        {
            _inspected.TryRemove(name, out _);
            _connections.TryRemove(name, out _);
        }

        public async Task RemoveAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            string name = MachineName.EnsureValid(machine.Name);
            _reporter.Verbose($"Removing machine {name} with docker-machine rm.");
            Forget(name);
            await RunAsync(new[] { "rm", "-y", name }, cancellationToken, name).ConfigureAwait(false);
        }

        public IMachineApplication CreateApplication(ComposeRunner compose, ManageRunner manage) => new ComposeApplication(this, compose, manage);

        public async Task<DockerConnection> GetDockerConnectionAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            string name = MachineName.EnsureValid(machine.Name);
            if (_connections.TryGetValue(name, out DockerConnection? known))
            {
                return known;
            }

            CommandResult env = await RunAsync(new[] { "env", "--shell", "bash", name }, cancellationToken, name).ConfigureAwait(false);
            DockerConnection connection = DockerMachineEnvironment.Parse(env.StandardOutput, name);
            _connections[name] = connection;
            return connection;
        }

        internal async Task<MachineInstance> InspectAsync(string name, CancellationToken cancellationToken)
        {
            CommandResult inspected = await RunAsync(new[] { "inspect", MachineName.EnsureValid(name) }, cancellationToken, name).ConfigureAwait(false);
            return ParseInspect(string.Join("\n", inspected.StandardOutput), name);
        }

        /// <summary>Reads what <c>docker-machine inspect</c> prints: Driver.InstanceId, Driver.IPAddress, Driver.SSHUser.</summary>
        internal static MachineInstance ParseInspect(string json, string name)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(json);
                JsonElement root = document.RootElement;
                if (!root.TryGetProperty("Driver", out JsonElement driver) || driver.ValueKind != JsonValueKind.Object)
                {
                    throw new JsonException("no Driver object");
                }

                string? instanceId = StringOf(driver, "InstanceId");
                string? address = StringOf(driver, "IPAddress");
                string? sshUser = StringOf(driver, "SSHUser");
                string actualName = StringOf(root, "Name") ?? name;
                return new MachineInstance(actualName, string.IsNullOrEmpty(instanceId) ? null : instanceId, MachineProviderKind.DockerMachine,
                    string.IsNullOrEmpty(address) ? null : address, "Running", sshUser);
            }
            catch (JsonException ex)
            {
                throw new BlueGreenException("UnexpectedDockerMachineOutput", FailureCategory.InvalidResult,
                    $"'docker-machine inspect {name}' did not print the machine's JSON ({ex.Message}). Check that Machines.DockerMachine.Executable is docker-machine.",
                    name, ex);
            }
        }

        internal static string EngineLabelOf(string project, DockerMachineSettings settings)
        {
            string label = string.IsNullOrEmpty(settings.EngineLabel) ? "project=" + project : settings.EngineLabel!;
            int equals = label.IndexOf('=');
            if (equals <= 0 || label.StartsWith("-", StringComparison.Ordinal) || label.Any(char.IsWhiteSpace))
            {
                throw new BlueGreenException("InvalidEngineLabel", FailureCategory.InvalidArgument,
                    $"'{label}' is not an engine label. Set Machines.DockerMachine.EngineLabel in bluegreen.psd1 to key=value without spaces, e.g. 'project=myproject' (the default is project=<Project>).",
                    label);
            }

            return label;
        }

        private static string? StringOf(JsonElement element, string property) =>
            element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private async Task CleanUpAsync(string name, Exception cause)
        {
            try
            {
                // Not cancellable: a cancelled launch must still not leave an instance behind.
                Forget(name);
                await RunAsync(new[] { "rm", "-f", "-y", name }, CancellationToken.None, name).ConfigureAwait(false);
                _reporter.Verbose($"Removed the half-made machine {name} after: {cause.Message}");
            }
            catch (Exception cleanupFailure)
            {
                _reporter.Warning($"Launching {name} failed and removing it failed too ({cleanupFailure.Message}). Remove it by hand: docker-machine rm -f -y {name}");
            }
        }

        private Task<CommandResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken, string? machine = null)
        {
            var request = new CommandRequest(_settings.Executable, arguments) { Target = machine == null ? null : "machine " + machine };
            _reporter.Verbose(string.Format(CultureInfo.InvariantCulture, "Running {0}", request.DisplayText));
            return _runner.RunAsync(request, cancellationToken);
        }
    }
}
