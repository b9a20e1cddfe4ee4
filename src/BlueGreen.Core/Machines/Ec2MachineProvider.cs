using Amazon.EC2;
using Amazon.EC2.Model;
using BlueGreen.Aws;
using BlueGreen.Configuration;
using BlueGreen.Machines.Ssh;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Machines as plain EC2 instances: RunInstances from a launch template or an AMI with instance settings,
    /// tagged Name, bluegreen:project and bluegreen:release; one ClientToken per machine so a retried launch never
    /// makes two instances; ready once running with both status checks ok, its ssh host key verified against its
    /// console output and recorded in BlueGreen's known-hosts file, and Docker answering over ssh:// (<see cref="SshAccess"/>).
    /// A launch that fails at any of these terminates the instance and forgets its host key.
    /// </summary>
    public sealed partial class Ec2MachineProvider : IBatchMachineProvider
    {
        /// <summary>The instance states a listed machine may be in (the others are on their way out).</summary>
        private static readonly string[] LiveStates = { "pending", "running", "stopping", "stopped" };

        private readonly IAmazonEC2 _ec2;
        private readonly string _project;
        private readonly string _prefix;
        private readonly Ec2LaunchSettings _settings;
        private readonly IOperationReporter _reporter;
        private readonly SshAccess? _ssh;

        /// <param name="ssh">How machines are reached over ssh (host keys, the Docker readiness check, the connection's environment).</param>
        public Ec2MachineProvider(IAmazonEC2 ec2, string project, MachineSettings settings, SshAccess ssh, IOperationReporter reporter)
            : this(ec2, project, settings, (settings ?? throw new ArgumentNullException(nameof(settings))).Ec2, MachineProviderKind.Ec2, reporter)
        {
            _ssh = ssh ?? throw new ArgumentNullException(nameof(ssh));
        }

        /// <summary>The EC2 part of another provider (Local): its own launch settings, its kind on the machines it lists, no ssh.</summary>
        internal Ec2MachineProvider(IAmazonEC2 ec2, string project, MachineSettings settings, Ec2LaunchSettings launchSettings, MachineProviderKind kind, IOperationReporter reporter)
        {
            _ec2 = ec2 ?? throw new ArgumentNullException(nameof(ec2));
            if (string.IsNullOrEmpty(project))
            {
                throw new BlueGreenException("ProjectNotSet", FailureCategory.InvalidArgument,
                    "The EC2 provider tags every instance with the project name, and none is set. Set Project in bluegreen.psd1 (or -Project).", project);
            }

            _project = project;
            _prefix = MachineName.EnsureValidPrefix((settings ?? throw new ArgumentNullException(nameof(settings))).Prefix);
            _settings = launchSettings ?? throw new ArgumentNullException(nameof(launchSettings));
            Kind = kind;
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        public MachineProviderKind Kind { get; }

        /// <summary>False skips waiting for both status checks (a Local machine is ready when gunicorn answers).</summary>
        internal bool WaitForStatusChecks { get; set; } = true;

        /// <summary>The EC2 client (the Local provider checks its endpoint).</summary>
        internal IAmazonEC2 Client => _ec2;

        /// <summary>How long a launch may take to be running with both status checks ok.</summary>
        public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>Pause before the second DescribeInstances / DescribeInstanceStatus poll; later pauses grow up to 10 s.</summary>
        public TimeSpan FirstPollInterval { get; set; } = ReadyDeadline.FirstPollInterval;

        /// <summary>How long RunInstances may still take to answer once the launch is cancelled (so its instance is known and terminated).</summary>
        public TimeSpan RunInstancesCancelGrace { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>MaxResults of each DescribeInstances page when listing.</summary>
        public int PageSize { get; set; } = 100;

        public Task<MachineInstance> LaunchAsync(MachineLaunchRequest request, IProgress<string> status, CancellationToken cancellationToken) =>
            LaunchAsync(request, null, status, cancellationToken);

        /// <param name="customize">Changes the RunInstances request before it is sent (the Local provider adds its port tag and private IP).</param>
        internal async Task<MachineInstance> LaunchAsync(MachineLaunchRequest request, Action<RunInstancesRequest>? customize, IProgress<string> status, CancellationToken cancellationToken)
        {
            if (!MachineName.HasPrefix(request.Name, _prefix))
            {
                throw new BlueGreenException("MachineNameOutsideProject", FailureCategory.InvalidArgument,
                    $"Machine name '{request.Name}' does not start with the project's prefix '{_prefix}'; it would not be found again. Use a name made by MachineName.CreateUnique.",
                    request.Name);
            }

            RunInstancesRequest run = CreateRunInstancesRequest(request);
            customize?.Invoke(run);
            string? instanceId = null;
            MachineInstance? machine = null;
            try
            {
                status.Report("RunInstances");
                _reporter.Verbose($"Calling EC2 RunInstances for {request.Name} (client token {run.ClientToken}).");
                RunInstancesResponse response = await RunInstancesAsync(run, request.Name, cancellationToken).ConfigureAwait(false);
                Instance? launched = response.Reservation?.Instances?.FirstOrDefault();
                instanceId = launched?.InstanceId ?? throw new BlueGreenException("UnexpectedRunInstancesResponse", FailureCategory.InvalidResult,
                    $"RunInstances for {request.Name} returned no instance. Check the EC2 endpoint and the launch settings.", request.Name);
                cancellationToken.ThrowIfCancellationRequested();
                status.Report($"{instanceId}: waiting for running");
                Instance running = await WaitForRunningAsync(instanceId, cancellationToken).ConfigureAwait(false);
                if (WaitForStatusChecks)
                {
                    status.Report($"{instanceId}: waiting for status checks");
                    await WaitForStatusChecksAsync(instanceId, cancellationToken).ConfigureAwait(false);
                }

                machine = ToMachine(running, request.Name);
                if (_ssh != null)
                {
                    await _ssh.PrepareAsync(machine, status, cancellationToken).ConfigureAwait(false);
                }

                return machine;
            }
            catch (Exception ex)
            {
                status.Report("Launch failed; terminating what it made");
                await CleanUpAsync(request, instanceId, ex).ConfigureAwait(false);
                if (machine != null && _ssh != null)
                {
                    await ForgetHostKeyAsync(machine).ConfigureAwait(false);
                }

                throw;
            }
        }

        /// <summary>
        /// RunInstances, not abandoned the moment the caller cancels: once the request is sent the instance may be made,
        /// and only the reply names it. A reply cut off by cancellation would leave the instance to a Name-tag search
        /// that can run before EC2 (or the sandbox) has made it, and so miss it. The call gets
        /// <see cref="RunInstancesCancelGrace"/> to answer after a cancel; then cancellation is honoured and the
        /// cleanup terminates the instance the reply named.
        /// </summary>
        private async Task<RunInstancesResponse> RunInstancesAsync(RunInstancesRequest run, string name, CancellationToken cancellationToken)
        {
            using var call = new CancellationTokenSource();
            using (cancellationToken.Register(() => call.CancelAfter(RunInstancesCancelGrace)))
            {
                return await AwsFailureTranslator.InvokeAsync("RunInstances", name, () => _ec2.RunInstancesAsync(run, call.Token)).ConfigureAwait(false);
            }
        }

        public async Task<IReadOnlyList<MachineInstance>> ListAsync(CancellationToken cancellationToken)
        {
            var machines = new List<MachineInstance>();
            foreach (Instance instance in await DescribeProjectInstancesAsync(null, cancellationToken).ConfigureAwait(false))
            {
                string? name = TagOf(instance, "Name") ?? UnnamedBatchInstanceName(instance);
                if (name == null || !MachineName.HasPrefix(name, _prefix) || !LiveStates.Contains(instance.State?.Name?.Value))
                {
                    continue;
                }

                machines.Add(ToMachine(instance, name));
            }

            return machines;
        }

        public async Task RemoveAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(machine.InstanceId))
            {
                throw new BlueGreenException("MachineHasNoInstance", FailureCategory.InvalidArgument,
                    $"Machine {machine.Name} has no instance id, so there is nothing to terminate. Get it again with Get-BgMachine.", machine);
            }

            _reporter.Verbose($"Calling EC2 TerminateInstances for {machine.Name} ({machine.InstanceId}).");
            await AwsFailureTranslator.InvokeAsync("TerminateInstances", machine, () => _ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = new List<string> { machine.InstanceId! } }, cancellationToken)).ConfigureAwait(false);
            if (_ssh != null)
            {
                await ForgetHostKeyAsync(machine).ConfigureAwait(false);
            }
        }

        /// <summary>Removes the machine's known-hosts entries; a failure is a warning (the instance is gone either way).</summary>
        private async Task ForgetHostKeyAsync(MachineInstance machine)
        {
            try
            {
                await _ssh!.ForgetAsync(machine).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BlueGreenException || ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                _reporter.Warning($"Could not remove the host key of {machine.Name} ({machine.Address}) from {_ssh!.KnownHosts.Path}: {ex.Message} Remove its line by hand.");
            }
        }

        public IMachineApplication CreateApplication(ComposeRunner compose, ManageRunner manage) => new ComposeApplication(this, compose, manage);

        public Task<DockerConnection> GetDockerConnectionAsync(MachineInstance machine, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(machine.Address))
            {
                throw new BlueGreenException("MachineHasNoAddress", FailureCategory.ResourceUnavailable,
                    $"Machine {machine.Name} ({machine.InstanceId}) has no IP address yet, so docker cannot reach it. Wait until it is running and try again.", machine);
            }

            return _ssh != null
                ? _ssh.ConnectAsync(machine, cancellationToken)
                : Task.FromResult(DockerConnection.OverSsh(machine.SshUser ?? _settings.SshUser, machine.Address!, machine.Name));
        }

        /// <summary>The RunInstances request of a launch (<see cref="Ec2RunInstancesRequestBuilder"/>).</summary>
        internal RunInstancesRequest CreateRunInstancesRequest(MachineLaunchRequest request) =>
            new Ec2RunInstancesRequestBuilder(_project, _settings).Create(request);

        private async Task<Instance> WaitForRunningAsync(string instanceId, CancellationToken cancellationToken)
        {
            using var deadline = new ReadyDeadline(ReadyTimeout, cancellationToken, FirstPollInterval);
            return await deadline.RunAsync(async token =>
            {
                while (true)
                {
                    DescribeInstancesResponse described = await AwsFailureTranslator.InvokeAsync("DescribeInstances", instanceId, () => _ec2.DescribeInstancesAsync(
                        new DescribeInstancesRequest { InstanceIds = new List<string> { instanceId } }, token)).ConfigureAwait(false);
                    Instance? instance = described.Reservations?.SelectMany(r => r.Instances ?? new List<Instance>()).FirstOrDefault(i => i.InstanceId == instanceId);
                    string? state = instance?.State?.Name?.Value;
                    if (instance != null && state == "running")
                    {
                        return instance;
                    }

                    if (state == "shutting-down" || state == "terminated" || state == "stopping" || state == "stopped")
                    {
                        throw new BlueGreenException("InstanceDidNotStart", FailureCategory.ResourceUnavailable,
                            $"Instance {instanceId} went to state '{state}' instead of running ({instance?.StateReason?.Message}). Check the launch settings and the EC2 console.",
                            instanceId);
                    }

                    await deadline.PauseAsync().ConfigureAwait(false);
                }
            }, $"Instance {instanceId} was not running", instanceId).ConfigureAwait(false);
        }

        private async Task WaitForStatusChecksAsync(string instanceId, CancellationToken cancellationToken)
        {
            using var deadline = new ReadyDeadline(ReadyTimeout, cancellationToken, FirstPollInterval);
            await deadline.RunAsync(async token =>
            {
                while (true)
                {
                    DescribeInstanceStatusResponse described = await AwsFailureTranslator.InvokeAsync("DescribeInstanceStatus", instanceId, () => _ec2.DescribeInstanceStatusAsync(
                        new DescribeInstanceStatusRequest { InstanceIds = new List<string> { instanceId }, IncludeAllInstances = true }, token)).ConfigureAwait(false);
                    InstanceStatus? status = described.InstanceStatuses?.FirstOrDefault(s => s.InstanceId == instanceId);
                    string? system = status?.SystemStatus?.Status?.Value;
                    string? instance = status?.Status?.Status?.Value;
                    if (system == "ok" && instance == "ok")
                    {
                        return true;
                    }

                    if (system == "impaired" || instance == "impaired")
                    {
                        throw new BlueGreenException("InstanceImpaired", FailureCategory.ResourceUnavailable,
                            $"Instance {instanceId} failed its status checks (system: {system}, instance: {instance}). It is terminated; check the AMI and the instance type.",
                            instanceId);
                    }

                    await deadline.PauseAsync().ConfigureAwait(false);
                }
            }, $"Instance {instanceId} did not pass its status checks", instanceId).ConfigureAwait(false);
        }

        private async Task<List<Instance>> DescribeProjectInstancesAsync(string? name, CancellationToken cancellationToken)
        {
            var filters = new List<Filter> { new Filter("tag:" + ProjectConfiguration.ProjectTagKey, new List<string> { _project }) };
            if (name != null)
            {
                filters.Add(new Filter("tag:Name", new List<string> { name }));
            }

            var instances = new List<Instance>();
            string? nextToken = null;
            do
            {
                DescribeInstancesResponse page = await AwsFailureTranslator.InvokeAsync("DescribeInstances", _project, () => _ec2.DescribeInstancesAsync(
                    new DescribeInstancesRequest { Filters = filters, MaxResults = PageSize, NextToken = nextToken }, cancellationToken)).ConfigureAwait(false);
                instances.AddRange(page.Reservations?.SelectMany(r => r.Instances ?? new List<Instance>()) ?? Enumerable.Empty<Instance>());
                nextToken = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
            }
            while (nextToken != null);
            return instances;
        }

        private async Task CleanUpAsync(MachineLaunchRequest request, string? instanceId, Exception cause)
        {
            try
            {
                // Not cancellable: a cancelled launch must still not leave an instance behind. When RunInstances
                // itself failed, the instance may exist anyway (made before an error reply): find it by its Name tag.
                var ids = new List<string>();
                if (instanceId != null)
                {
                    ids.Add(instanceId);
                }
                else
                {
                    ids.AddRange((await DescribeProjectInstancesAsync(request.Name, CancellationToken.None).ConfigureAwait(false))
                        .Where(i => i.State?.Name?.Value != "terminated")
                        .Select(i => i.InstanceId));
                }

                if (ids.Count > 0)
                {
                    await AwsFailureTranslator.InvokeAsync("TerminateInstances", request.Name, () => _ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = ids }, CancellationToken.None)).ConfigureAwait(false);
                    _reporter.Verbose($"Terminated {string.Join(", ", ids)} ({request.Name}) after: {cause.Message}");
                }
            }
            catch (Exception cleanupFailure)
            {
                _reporter.Warning($"Launching {request.Name} failed and terminating its instance failed too ({cleanupFailure.Message}). Terminate instances tagged Name={request.Name} by hand.");
            }
        }

        private MachineInstance ToMachine(Instance instance, string name)
        {
            string? address = string.IsNullOrEmpty(instance.PublicIpAddress) ? instance.PrivateIpAddress : instance.PublicIpAddress;
            DateTimeOffset? launchedAt = instance.LaunchTime.HasValue ? new DateTimeOffset(DateTime.SpecifyKind(instance.LaunchTime.Value, DateTimeKind.Utc)) : (DateTimeOffset?)null;
            return new MachineInstance(name, instance.InstanceId, Kind, string.IsNullOrEmpty(address) ? null : address,
                instance.State?.Name?.Value ?? "unknown", _settings.SshUser, TagOf(instance, ProjectConfiguration.ReleaseTagKey), launchedAt, PortOf(instance),
                string.IsNullOrEmpty(instance.PrivateIpAddress) ? null : instance.PrivateIpAddress, TagOf(instance, ProjectConfiguration.ColorTagKey),
                TagOf(instance, ProjectConfiguration.DeploymentTagKey));
        }

        /// <summary>The bluegreen:port tag, when it is a port number.</summary>
        private static int? PortOf(Instance instance) =>
            int.TryParse(TagOf(instance, ProjectConfiguration.PortTagKey), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) && port >= 1 && port <= 65535
                ? port
                : (int?)null;

        private static string? TagOf(Instance instance, string key) =>
            instance.Tags?.FirstOrDefault(t => t.Key == key)?.Value;
    }
}
