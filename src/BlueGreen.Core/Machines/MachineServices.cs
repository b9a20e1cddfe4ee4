using Amazon.EC2;
using BlueGreen.Aws;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Configuration;
using BlueGreen.Machines.Local;
using BlueGreen.Machines.Ssh;
using BlueGreen.Processes;
using BlueGreen.Traffic;

namespace BlueGreen.Machines
{
    /// <summary>
    /// The machine operations of one project, wired from its configuration: the chosen provider, the compose and
    /// manage.py runners, target-group membership and the traffic reader. AWS clients are made on first use, so a
    /// docker-machine launch registered nowhere, or manage.py run locally, never needs AWS credentials.
    /// This is what the machine cmdlets call; it exposes only BlueGreen types to them.
    /// </summary>
    public sealed class MachineServices : IDisposable
    {
        private readonly ProjectConfiguration _config;
        private readonly Func<IElasticLoadBalancingV2> _createElb;
        private readonly Func<IAmazonEC2> _createEc2;
        private readonly IOperationReporter _reporter;
        private readonly Lazy<IElasticLoadBalancingV2> _elb;
        private readonly Lazy<IAmazonEC2> _ec2;
        private readonly Lazy<IMachineProvider> _provider;
        private readonly Lazy<TargetGroupMembership> _membership;
        private readonly Lazy<IMachineApplication> _application;
        private IMachineProvider? _givenProvider;
        private Task<IReadOnlyList<MachineInstance>>? _listed;
        private Task<IReadOnlyList<Machine>>? _inventory;

        /// <param name="baseDirectory">What relative paths in the configuration are relative to (the directory of bluegreen.psd1).</param>
        public MachineServices(ProjectConfiguration config, MachineProviderKind providerKind, string baseDirectory, ICommandRunner runner,
            Func<IElasticLoadBalancingV2> createElasticLoadBalancing, Func<IAmazonEC2> createEc2, IOperationReporter reporter)
            : this(config, providerKind, baseDirectory, runner, createElasticLoadBalancing, createEc2, reporter, CliWrapInteractiveProcessStarter.Instance)
        {
        }

        /// <param name="sessions">Starts the manage.py sessions; null: none opens (every command starts its own process).</param>
        private MachineServices(ProjectConfiguration config, MachineProviderKind providerKind, string baseDirectory, ICommandRunner runner,
            Func<IElasticLoadBalancingV2> createElasticLoadBalancing, Func<IAmazonEC2> createEc2, IOperationReporter reporter, IInteractiveProcessStarter? sessions)
        {
            _config = config ?? throw new ArgumentNullException(nameof(config));
            _createElb = createElasticLoadBalancing ?? throw new ArgumentNullException(nameof(createElasticLoadBalancing));
            _createEc2 = createEc2 ?? throw new ArgumentNullException(nameof(createEc2));
            _reporter = reporter ?? NullOperationReporter.Instance;
            ProviderKind = providerKind;
            // Every command goes through the session pool: a manage.py request answered by an open session (a
            // maintenance window's toggles and migrate) costs no process start; any other passes straight through.
            Sessions = new ManageSessionPool(runner ?? throw new ArgumentNullException(nameof(runner)), sessions ?? CliWrapInteractiveProcessStarter.Instance, config.CommandTimeout, _reporter)
            {
                Enabled = sessions != null && config.Manage.Sessions,
            };
            Runner = Sessions;
            _elb = new Lazy<IElasticLoadBalancingV2>(_createElb, LazyThreadSafetyMode.ExecutionAndPublication);
            _ec2 = new Lazy<IAmazonEC2>(_createEc2, LazyThreadSafetyMode.ExecutionAndPublication);
            _provider = new Lazy<IMachineProvider>(CreateProvider, LazyThreadSafetyMode.ExecutionAndPublication);
            _membership = new Lazy<TargetGroupMembership>(() => new TargetGroupMembership(_elb.Value, _reporter), LazyThreadSafetyMode.ExecutionAndPublication);
            Compose = new ComposeRunner(Runner, config.Compose, baseDirectory, _reporter);
            Manage = new ManageRunner(Runner, Compose, config.Manage, baseDirectory, _reporter, sessions: Sessions);
            _application = new Lazy<IMachineApplication>(() => Provider.CreateApplication(Compose, Manage), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>
        /// Machine services over a given provider and load balancer client (the engine's tests, in memory); manage.py
        /// sessions start through <paramref name="sessions"/>, and none opens when it is null.
        /// </summary>
        internal MachineServices(ProjectConfiguration config, IMachineProvider provider, ICommandRunner runner, IElasticLoadBalancingV2 elb, IOperationReporter reporter,
            IInteractiveProcessStarter? sessions = null)
            : this(config, provider.Kind, ".", runner, () => elb, () => throw new NotSupportedException("These machine services were given their provider."), reporter, sessions)
        {
            _givenProvider = provider;
        }

        public MachineProviderKind ProviderKind { get; }

        /// <summary>Runs every process of these services (through <see cref="Sessions"/>).</summary>
        public ICommandRunner Runner { get; }

        /// <summary>The manage.py sessions of this run (opened by Django maintenance, closed by <see cref="Dispose"/>).</summary>
        public ManageSessionPool Sessions { get; }

        public IMachineProvider Provider => _provider.Value;

        public ComposeRunner Compose { get; }

        /// <summary>How the application starts on the provider's machines and how manage.py runs on them.</summary>
        public IMachineApplication Application => _application.Value;

        /// <summary>
        /// Machine services for a project with AWS clients made by <see cref="AwsClientFactory"/> from
        /// <paramref name="aws"/> (only when first needed) and processes run by <see cref="CliWrapCommandRunner"/>.
        /// </summary>
        public static MachineServices Create(ProjectConfiguration config, AwsConnectionSettings aws, MachineProviderKind providerKind,
            string baseDirectory, IOperationReporter reporter)
        {
            var factory = new Lazy<AwsClientFactory>(() => new AwsClientFactory(aws, reporter), LazyThreadSafetyMode.ExecutionAndPublication);
            return new MachineServices(config, providerKind, baseDirectory, new CliWrapCommandRunner(config.CommandTimeout),
                () => factory.Value.CreateElasticLoadBalancingV2(), () => factory.Value.CreateEC2(), reporter);
        }

        public ManageRunner Manage { get; }

        public TargetGroupMembership Membership => _membership.Value;

        /// <summary>The ELBv2 client these services use (made on first use).</summary>
        public IElasticLoadBalancingV2 ElasticLoadBalancing => _elb.Value;

        /// <summary>The project's configuration.</summary>
        public ProjectConfiguration Configuration => _config;


        /// <summary>Launches machines with the given options into <see cref="MachineLaunchOptions.TargetGroup"/> (the deployment engine).</summary>
        public Task<MachineLaunchReport> LaunchAsync(MachineLaunchOptions options, CancellationToken cancellationToken)
        {
            var launcher = new MachineLauncher(Provider, options.StartApplication ? Application : null, options.TargetGroup == null ? null : Membership, _reporter);
            return launcher.LaunchAsync(options, cancellationToken);
        }

        /// <summary>How long a deregistered machine may take to drain (Remove-BgMachine -DrainTimeout).</summary>
        public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>Where the project's traffic goes now: the two target groups, their roles, targets and health.</summary>
        public Task<TrafficState> ReadTrafficAsync(CancellationToken cancellationToken) =>
            new TrafficStateReader(_elb.Value, _reporter).ReadAsync(_config, IncomingHint, cancellationToken);

        /// <summary>
        /// Set by a deployment to the group it moves traffic to: every read of these services then takes that
        /// deployment's switch, cut off between two listeners (kill -9), as under way towards it instead of refusing
        /// it as MixedRoutes (see <see cref="TrafficStateReader.ReadAsync(ProjectConfiguration, string, CancellationToken)"/>).
        /// </summary>
        public string? IncomingHint { get; set; }

        /// <summary>Launches <paramref name="count"/> machines (New-BgMachine).</summary>
        public async Task<MachineLaunchReport> LaunchAsync(int count, TargetGroupChoice targetGroup, string? release, LaunchFailurePolicy onFailure,
            bool startApplication, CancellationToken cancellationToken)
        {
            ProjectTargetGroup? group = null;
            if (targetGroup != TargetGroupChoice.None)
            {
                TrafficState traffic = await ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
                group = targetGroup == TargetGroupChoice.Live ? traffic.Live : traffic.Idle;
                _reporter.Verbose($"New machines go into the {targetGroup.ToString().ToLowerInvariant()} target group {group.Name}.");
            }

            var options = new MachineLaunchOptions(_config.Machines.Prefix, count)
            {
                MaxParallel = Math.Max(1, _config.Machines.MaxParallelLaunches),
                Release = release,
                StartApplication = startApplication,
                TargetGroup = group,
                OnFailure = onFailure,
            };
            var launcher = new MachineLauncher(Provider, startApplication ? Application : null, group == null ? null : Membership, _reporter);
            return await launcher.LaunchAsync(options, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The project's machines (Get-BgMachine), joined with target-group membership unless <paramref name="withTraffic"/>
        /// is false: the machines and the load balancer are read at the same time (the load balancer's failure first).
        /// </summary>
        public async Task<IReadOnlyList<Machine>> ListAsync(bool withTraffic, CancellationToken cancellationToken)
        {
            if (!withTraffic)
            {
                return await new MachineInventory(Provider, _reporter).ListAsync(null, cancellationToken).ConfigureAwait(false);
            }

            Task<TrafficState> trafficRead = ReadTrafficAsync(cancellationToken);
            Task<IReadOnlyList<MachineInstance>> instancesRead = Provider.ListAsync(cancellationToken);
            try
            {
                await Task.WhenAll(trafficRead, instancesRead).ConfigureAwait(false);
            }
            catch when (trafficRead.IsFaulted || trafficRead.IsCanceled)
            {
                await trafficRead.ConfigureAwait(false);
                throw;
            }

            return MachineInventory.Join(instancesRead.Result, trafficRead.Result, _reporter);
        }

        /// <summary>The project's machines joined with a traffic state this operation has just read (not read again).</summary>
        public Task<IReadOnlyList<Machine>> ListAsync(TrafficState traffic, CancellationToken cancellationToken) =>
            new MachineInventory(Provider, _reporter).ListAsync(traffic ?? throw new ArgumentNullException(nameof(traffic)), cancellationToken);

        /// <summary>Removes machines by name after the guards and one approval per machine (Remove-BgMachine).</summary>
        public async Task<MachineRemovalReport> RemoveAsync(IReadOnlyList<string> names, bool force, IChangeApproval approval, CancellationToken cancellationToken)
        {
            IReadOnlyList<Machine> inventory = await ListAsync(true, cancellationToken).ConfigureAwait(false);
            var remover = new MachineRemover(Provider, Membership, _reporter) { DrainTimeout = DrainTimeout };
            return await remover.RemoveAsync(inventory, names, force, approval, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The running machine named <paramref name="name"/>; MachineNotFound when there is none. The provider's
        /// list is read once per MachineServices (one cmdlet invocation), however many machines are piped in.
        /// </summary>
        public async Task<MachineInstance> FindAsync(string name, CancellationToken cancellationToken)
        {
            MachineName.EnsureValid(name);
            IReadOnlyList<MachineInstance> machines = await (_listed ??= Provider.ListAsync(cancellationToken)).ConfigureAwait(false);
            return machines.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal))
                ?? throw new BlueGreenException("MachineNotFound", FailureCategory.ObjectNotFound,
                    $"No running machine of the project is named '{name}'. List them with Get-BgMachine.", name);
        }

        /// <summary><c>docker compose -f &lt;file&gt; &lt;arguments&gt;</c> on the named machine (Invoke-BgCompose).</summary>
        public async Task<CommandResult> ComposeAsync(string machineName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            MachineInstance machine = await FindAsync(machineName, cancellationToken).ConfigureAwait(false);
            DockerConnection connection = await Provider.GetDockerConnectionAsync(machine, cancellationToken).ConfigureAwait(false);
            return await Compose.RunAsync(connection, arguments, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// manage.py with <paramref name="arguments"/> on the named machine, or, with no machine name, as the
        /// configured local command (Invoke-BgManage).
        /// </summary>
        public async Task<CommandResult> ManageAsync(string? machineName, IReadOnlyList<string> arguments, ManageMode? mode, CancellationToken cancellationToken)
        {
            ManageCommand command;
            if (machineName == null)
            {
                command = Manage.Local();
            }
            else
            {
                MachineInstance machine = await FindAsync(machineName, cancellationToken).ConfigureAwait(false);
                command = await Application.ManageCommandAsync(machine, mode ?? Manage.DefaultMode, cancellationToken).ConfigureAwait(false);
            }

            return await Manage.RunAsync(command, arguments, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The machine of <paramref name="role"/> that stands for a release (the named one, else the healthiest; see
        /// <see cref="MachineSelection"/>) and the manage command that runs manage.py in its service. The inventory
        /// and target groups are read once per MachineServices, however many releases are looked up.
        /// </summary>
        public async Task<ReleaseMachine> FindReleaseMachineAsync(MachineRole role, string? name, ManageMode? mode, CancellationToken cancellationToken)
        {
            if (name != null)
            {
                MachineName.EnsureValid(name);
            }

            IReadOnlyList<Machine> machines = await (_inventory ??= ListAsync(true, cancellationToken)).ConfigureAwait(false);
            Machine machine = MachineSelection.Choose(machines, role, name);
            _reporter.Verbose($"Using {role.ToString().ToLowerInvariant()} machine {machine} ({(name == null ? "the healthiest of " + machines.Count(m => m.Role == role) : "as named")}; health: {machine.Health ?? "unknown"}).");
            ManageCommand command = await Application.ManageCommandAsync(machine.Instance, mode ?? Manage.DefaultMode, cancellationToken).ConfigureAwait(false);
            return new ReleaseMachine(machine, command);
        }

        public void Dispose()
        {
            Sessions.Dispose();
            if (_elb.IsValueCreated)
            {
                _elb.Value.Dispose();
            }

            if (_ec2.IsValueCreated)
            {
                _ec2.Value.Dispose();
            }
        }

        private IMachineProvider CreateProvider() => _givenProvider ?? ProviderKind switch
        {
            MachineProviderKind.DockerMachine => new DockerMachineProvider(Runner, _config.Project, _config.Machines, _reporter),
            MachineProviderKind.Ec2 => new Ec2MachineProvider(_ec2.Value, _config.Project, _config.Machines,
                new SshAccess(_ec2.Value, Runner, Compose.DockerExecutable, _config.Machines.Ec2, _reporter), _reporter),
            MachineProviderKind.Local => new LocalMachineProvider(_ec2.Value, Runner, _config, _reporter, Compose),
            _ => throw new ArgumentOutOfRangeException(nameof(ProviderKind), ProviderKind, "Unknown machine provider."),
        };
    }
}
