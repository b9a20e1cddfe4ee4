using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using BlueGreen.Configuration;
using BlueGreen.Processes;

namespace BlueGreen.Machines.Local
{
    /// <summary>
    /// A Local machine of the Compose runtime as a compose project on this host's engine: its name (the machine's,
    /// lower-cased as compose requires), its connection (DOCKER_HOST = Machines.Local.DockerHost, the snapshot as project
    /// directory, the port and machine variables), its containers as <c>docker ps</c> lists them by the
    /// <c>com.docker.compose.project</c> label, the wait until its port answers HTTP, and its removal
    /// (<c>down --remove-orphans --rmi local</c>, then a check that no container is left).
    /// </summary>
    public sealed class LocalComposeProject
    {
        /// <summary>The label compose puts on every container of a project.</summary>
        public const string ProjectLabel = "com.docker.compose.project";

        /// <summary>What removal runs: containers, networks and the images compose built for the project; named volumes are kept.</summary>
        public static readonly IReadOnlyList<string> DownArguments = Array.AsReadOnly(new[] { "down", "--remove-orphans", "--rmi", "local" });

        private static readonly TimeSpan DockerTimeout = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan ContainerCheckInterval = TimeSpan.FromSeconds(2);

        private readonly ComposeRunner _compose;
        private readonly ICommandRunner _runner;
        private readonly LocalMachineSettings _settings;
        private readonly IOperationReporter _reporter;

        public LocalComposeProject(ComposeRunner compose, ICommandRunner runner, LocalMachineSettings settings, IOperationReporter reporter)
        {
            _compose = compose ?? throw new ArgumentNullException(nameof(compose));
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        /// <summary>The compose project of a machine: its name in lower case, characters compose refuses as '-'.</summary>
        public static string NameFor(string machineName)
        {
            MachineName.EnsureValid(machineName);
            var name = new StringBuilder(machineName.Length);
            foreach (char c in machineName.ToLowerInvariant())
            {
                name.Append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ? c : '-');
            }

            return name.ToString();
        }

        /// <summary>How compose reaches the machine: this host's engine, its project and snapshot, its variables.</summary>
        public DockerConnection Connection(LocalMachineRecord record, IReadOnlyDictionary<string, string?> variables)
        {
            var all = new Dictionary<string, string?>(variables, StringComparer.Ordinal)
            {
                [_settings.PortVariable] = record.Port.ToString(CultureInfo.InvariantCulture),
            };
            return DockerConnection.LocalProject(_settings.DockerHost, record.Name, record.ComposeProject ?? NameFor(record.Name), record.AppDirectory, all);
        }

        /// <summary>Waits until the machine's port answers HTTP (any status); fails at once when every container of the project has stopped, and at Machines.Local.ReadyTimeoutSeconds.</summary>
        public async Task WaitUntilServingAsync(LocalMachineRecord record, DockerConnection connection, CancellationToken cancellationToken)
        {
            var url = new Uri($"http://127.0.0.1:{record.Port.ToString(CultureInfo.InvariantCulture)}/");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var clock = Stopwatch.StartNew();
            TimeSpan nextCheck = ContainerCheckInterval;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    using HttpResponseMessage response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
                    _reporter.Verbose($"{record.Name}: {url} answered {(int)response.StatusCode} {clock.Elapsed.TotalSeconds:0.0} s after up.");
                    return;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }

                if (clock.Elapsed >= nextCheck)
                {
                    nextCheck = clock.Elapsed + ContainerCheckInterval;
                    IReadOnlyList<ProjectContainer> containers = await ContainersAsync(record.ComposeProject!, cancellationToken).ConfigureAwait(false);
                    if (containers.Count > 0 && containers.All(c => !c.IsUp))
                    {
                        throw await NotServingAsync(record, connection, $"every container of compose project {record.ComposeProject} stopped ({Describe(containers)}) before {url} answered", cancellationToken).ConfigureAwait(false);
                    }
                }

                if (clock.Elapsed >= _settings.ReadyTimeout)
                {
                    throw await NotServingAsync(record, connection, $"{url} did not answer HTTP within {_settings.ReadyTimeout.TotalSeconds:0} s of up (Machines.Local.ReadyTimeoutSeconds)", cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Runs <c>down --remove-orphans --rmi local</c> in the machine's snapshot (or, with no snapshot left, removes the
        /// project's containers by label), then checks with <c>docker ps -a</c> that none is left: LocalComposeProjectLeft otherwise.
        /// </summary>
        public async Task DownAsync(LocalMachineRecord record, DockerConnection connection, CancellationToken cancellationToken)
        {
            string project = record.ComposeProject ?? NameFor(record.Name);
            var clock = Stopwatch.StartNew();
            if (File.Exists(Path.Combine(record.AppDirectory, _compose.ComposeFile)))
            {
                await _compose.RunAsync(connection, DownArguments, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                IReadOnlyList<ProjectContainer> found = await ContainersAsync(project, cancellationToken).ConfigureAwait(false);
                _reporter.Warning($"{record.Name}: its snapshot has no {_compose.ComposeFile} ({record.AppDirectory}), so compose down cannot run; removing the {found.Count} container(s) of project {project} with docker rm -f.");
                if (found.Count > 0)
                {
                    await DockerAsync(new[] { "rm", "-f" }.Concat(found.Select(c => c.Id)), cancellationToken).ConfigureAwait(false);
                }
            }

            IReadOnlyList<ProjectContainer> left = await ContainersAsync(project, cancellationToken).ConfigureAwait(false);
            if (left.Count > 0)
            {
                throw new BlueGreenException("LocalComposeProjectLeft", FailureCategory.InvalidResult,
                    $"{record.Name}: after compose down, {left.Count} container(s) of compose project {project} are left ({Describe(left)}). The machine was kept. Remove them (docker rm -f {string.Join(" ", left.Select(c => c.Id))}) and run Remove-BgMachine -Name {record.Name} again.",
                    record.Name);
            }

            _reporter.Verbose($"{record.Name}: compose project {project} is down, no container left ({clock.Elapsed.TotalSeconds:0.0} s).");
        }

        /// <summary>Every container of compose projects on the engine (running or not), by project; one docker ps.</summary>
        public async Task<ILookup<string, ProjectContainer>> AllProjectsAsync(CancellationToken cancellationToken)
        {
            CommandResult result = await DockerAsync(new[] { "ps", "-a", "--filter", "label=" + ProjectLabel, "--format", "{{.ID}}\t{{.Label \"" + ProjectLabel + "\"}}\t{{.Names}}\t{{.Status}}" }, cancellationToken).ConfigureAwait(false);
            return result.StandardOutput
                .Select(line => line.Split('\t'))
                .Where(fields => fields.Length == 4)
                .Select(fields => new ProjectContainer(fields[0], fields[1], fields[2], fields[3]))
                .ToLookup(c => c.Project, StringComparer.Ordinal);
        }

        /// <summary>The containers of <paramref name="project"/> (<c>docker ps -a --filter label=com.docker.compose.project=&lt;project&gt;</c>).</summary>
        public async Task<IReadOnlyList<ProjectContainer>> ContainersAsync(string project, CancellationToken cancellationToken)
        {
            CommandResult result = await DockerAsync(new[] { "ps", "-a", "--filter", $"label={ProjectLabel}={project}", "--format", "{{.ID}}\t{{.Names}}\t{{.Status}}" }, cancellationToken).ConfigureAwait(false);
            return result.StandardOutput
                .Select(line => line.Split('\t'))
                .Where(fields => fields.Length == 3)
                .Select(fields => new ProjectContainer(fields[0], project, fields[1], fields[2]))
                .ToList();
        }

        private Task<CommandResult> DockerAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
        {
            var request = new CommandRequest(_compose.DockerExecutable, arguments)
            {
                Environment = new DockerConnection(_settings.DockerHost).ToEnvironment(),
                Timeout = DockerTimeout,
                Target = "the Docker host " + _settings.DockerHost,
            };
            _reporter.Verbose($"Running {request.DisplayText} with DOCKER_HOST={_settings.DockerHost}.");
            return _runner.RunAsync(request, cancellationToken);
        }

        private async Task<BlueGreenException> NotServingAsync(LocalMachineRecord record, DockerConnection connection, string problem, CancellationToken cancellationToken)
        {
            string logs;
            try
            {
                CommandResult result = await _compose.RunAsync(connection, new[] { "logs", "--no-color", "--tail", "20" }, cancellationToken).ConfigureAwait(false);
                logs = string.Join(System.Environment.NewLine, result.StandardOutput);
            }
            catch (Exception ex) when (ex is CommandFailedException || ex is BlueGreenException)
            {
                logs = "(compose logs failed: " + ex.Message + ")";
            }

            return new BlueGreenException("LocalMachineDidNotStart", FailureCategory.ResourceUnavailable,
                $"{record.Name}: {problem}. Its compose project is removed with the machine. Last lines of compose logs:{System.Environment.NewLine}{(logs.Trim().Length == 0 ? "(empty)" : logs)}",
                record.Name);
        }

        private static string Describe(IEnumerable<ProjectContainer> containers) => string.Join(", ", containers.Select(c => $"{c.Name}: {c.Status}"));
    }
}
