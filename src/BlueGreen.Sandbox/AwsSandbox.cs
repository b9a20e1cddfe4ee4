using BlueGreen.Sandbox.Diagnostics;
using BlueGreen.Sandbox.DataPlane;
using BlueGreen.Sandbox.Faults;
using BlueGreen.Sandbox.Health;
using BlueGreen.Sandbox.Hosts;
using BlueGreen.Sandbox.Http;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Model.LoadBalancing;
using BlueGreen.Sandbox.Protocol;
using BlueGreen.Sandbox.Services;
using BlueGreen.Sandbox.Services.CloudWatch;
using BlueGreen.Sandbox.Services.Ec2;
using BlueGreen.Sandbox.Services.ElasticLoadBalancing;
using BlueGreen.Sandbox.Services.Ssm;

namespace BlueGreen.Sandbox
{
    /// <summary>
    /// A local AWS endpoint on 127.0.0.1 that speaks the real Query protocol of ELBv2 (2015-12-01), EC2 (2016-11-15) and
    /// CloudWatch (2010-08-01, also over AWS JSON 1.0) and the AWS JSON 1.1 protocol of SSM Parameter Store (2014-11-06) over in-memory state, for the AWS CLI, the AWS
    /// SDKs and BlueGreen itself. Tests can inject failures and latency,
    /// set a target's health, read the complete state as deterministic JSON and the log of requests, and reset it;
    /// the same is available over HTTP under <c>/_sandbox/</c>.
    /// </summary>
    public sealed class AwsSandbox : IDisposable
    {
        private readonly SandboxOptions _options;
        private readonly SandboxNetwork _network;
        private readonly ResourceIdGenerator _ids;
        private readonly FaultInjector _faults;
        private readonly RequestLog _log = new RequestLog();
        private readonly object _gate = new object();
        private SandboxWorld _world;
        private SandboxHttpServer? _server;
        private DataPlaneHost? _dataPlane;
        private HealthChecker? _healthChecker;
        private HostFleet? _hosts;

        private AwsSandbox(SandboxOptions options)
        {
            _options = options;
            _hosts = options.InstanceRuntime == InstanceRuntime.Host ? new HostFleet(options, Changed) : null;
            _ids = new ResourceIdGenerator(options.RandomSeed);
            _faults = new FaultInjector(options.RandomSeed);
            _network = new SandboxNetwork(options.Region, options.AccountId, _ids);
            Scenario = options.Scenario;
            _world = NewWorld(options.Scenario);
        }

        /// <summary>Starts a sandbox and returns once it is listening.</summary>
        public static AwsSandbox Start(SandboxOptions? options = null)
        {
            SandboxOptions settings = (options ?? new SandboxOptions()).Validate();
            if (settings.InstanceRuntime == InstanceRuntime.Host && HostRuntime.CheckPrerequisites() is string missing)
            {
                throw new InvalidOperationException("The host instance runtime cannot run here: " + missing);
            }

            var sandbox = new AwsSandbox(settings);
            var dataPlane = new DataPlaneHost(() => sandbox.World, settings.DataPlane);
            var cloudWatch = new CloudWatchServiceHandler(dataPlane.FlushMetrics);
            var services = new IAwsServiceHandler[] { new ElbV2ServiceHandler(), new Ec2ServiceHandler(), cloudWatch };
            sandbox._dataPlane = dataPlane;
            sandbox._healthChecker = new HealthChecker(() => sandbox.World, settings.HealthCheckTimeScale, dataPlane.Sync);
            var dispatcher = new QueryRequestDispatcher(services, () => sandbox.World, sandbox._faults, sandbox._log, sandbox.Changed);
            var jsonDispatcher = new JsonRequestDispatcher(new IJsonServiceHandler[] { new SsmServiceHandler(), cloudWatch }, () => sandbox.World, sandbox._faults, sandbox._log);
            sandbox._server = SandboxHttpServer.Start(settings.Port, dispatcher, jsonDispatcher, new ControlEndpoint(sandbox));
            sandbox.Endpoint = new Uri($"http://127.0.0.1:{sandbox._server.Port}/");
            sandbox.StartedAt = DateTimeOffset.UtcNow;
            sandbox._hosts?.Open(sandbox._server.Port);
            dataPlane.Sync();
            return sandbox;
        }

        /// <summary>The URL to give clients as their endpoint (e.g. <c>aws --endpoint-url</c>, AWS_ENDPOINT_URL).</summary>
        public Uri Endpoint { get; private set; } = new Uri("http://127.0.0.1/");

        public int Port => Endpoint.Port;

        public string Region => _network.Region;

        public string AccountId => _network.AccountId;

        /// <summary>The sandbox's VPC: target groups must be created in it.</summary>
        public string VpcId => _network.VpcId;

        /// <summary>Its subnets, one per Availability Zone (a, b, c): load balancers and instances go in them.</summary>
        public IReadOnlyList<string> SubnetIds => _network.Subnets.Select(s => s.Key).ToList();

        /// <summary>The VPC's default security group.</summary>
        public string SecurityGroupId => _network.DefaultSecurityGroupId;

        /// <summary>The world it started with, or was last reset to.</summary>
        public SandboxScenario Scenario { get; private set; }

        public DateTimeOffset StartedAt { get; private set; }

        public bool IsRunning => _server != null;

        /// <summary>Whether listeners answer real requests: Off, Idle (until the first listener), Running, Failed (see <see cref="DataPlaneProblem"/>), Stopped.</summary>
        public DataPlaneStatus DataPlaneStatus => _dataPlane?.Status ?? DataPlaneStatus.Off;

        /// <summary>Why the data plane is not running, when it failed; null otherwise.</summary>
        public string? DataPlaneProblem => _dataPlane?.Problem;

        /// <summary>
        /// Where each HTTP/HTTPS listener answers on 127.0.0.1 (load balancer, protocol, listener port, local URL), by
        /// load balancer name and port; up to date as soon as the AWS call that changed the listeners returned.
        /// </summary>
        public IReadOnlyList<DataPlaneBinding> DataPlaneListeners => _dataPlane?.Bindings ?? new List<DataPlaneBinding>();

        /// <summary>The self-signed certificate HTTPS listeners serve (SAN localhost, 127.0.0.1): trust it to check TLS. Null until the data plane starts.</summary>
        public System.Security.Cryptography.X509Certificates.X509Certificate2? DataPlaneCertificate => _dataPlane?.Certificate;

        /// <summary>The same certificate as a PEM file, e.g. for <c>curl --cacert</c>; deleted when the sandbox stops.</summary>
        public string? DataPlaneCertificatePath => _dataPlane?.CertificatePath;

        /// <summary>What the data plane reported going wrong while running (e.g. a listener that could not bind), oldest first.</summary>
        public IReadOnlyList<string> DataPlaneErrors => _dataPlane?.Errors ?? new List<string>();

        /// <summary>The data plane process's id while it runs.</summary>
        public int? DataPlaneProcessId => _dataPlane?.ProcessId;

        /// <summary>The local URL of a listener (by ARN), or null when the data plane does not serve it.</summary>
        public Uri? GetListenerUrl(string listenerArn) =>
            DataPlaneListeners.FirstOrDefault(b => string.Equals(b.ListenerArn, listenerArn, StringComparison.Ordinal))?.LocalUrl;

        /// <summary>What RunInstances makes here: simulated records, or real hosts on this machine.</summary>
        public InstanceRuntime InstanceRuntime => _options.InstanceRuntime;

        /// <summary>The image ids that make host instances behave differently (no Docker, Docker that never starts).</summary>
        public HostImages HostImages { get; } = new HostImages();

        /// <summary>What each host instance (not yet terminated) is doing: address, phase, processes, memory, timings.</summary>
        public IReadOnlyList<HostInstanceStatus> GetHostInstances() => _hosts?.Statuses() ?? new List<HostInstanceStatus>();

        /// <summary>
        /// Test hook, a man in the middle: the host instance's sshd gets new host keys and restarts with them, while its
        /// console output keeps the keys it booted with, so a client that checks keys against the console refuses it.
        /// </summary>
        public void ChangeHostKey(string instanceId)
        {
            HostFleet hosts = _hosts ?? throw new InvalidOperationException("This sandbox's instances are simulated (start it with InstanceRuntime Host).");
            hosts.Find(instanceId).ChangeHostKey();
        }

        /// <summary>The injected faults still active.</summary>
        public IReadOnlyList<SandboxFault> Faults => _faults.Faults;

        /// <summary>Every AWS request answered since the start (or <see cref="ClearRequests"/>), in order.</summary>
        public IReadOnlyList<SandboxRequest> Requests => _log.Requests;

        /// <summary>The load balancers' metrics (the engine's tests record requests in it without a data plane).</summary>
        internal Model.Monitoring.MetricStore Metrics => World.Metrics;

        private SandboxWorld World
        {
            get
            {
                lock (_gate)
                {
                    return _world;
                }
            }
        }

        /// <summary>
        /// Makes the next <paramref name="count"/> calls of <paramref name="action"/> (<c>*</c>: any) fail with
        /// <paramref name="errorCode"/>, e.g. Throttling (HTTP 400), InternalFailure (500), RequestLimitExceeded (503); for
        /// SSM the action is the operation (<c>PutParameter</c>) and the codes are ThrottlingException (400) and
        /// InternalServerError (500). <paramref name="service"/> (<c>elasticloadbalancing</c>, <c>ec2</c>, <c>ssm</c>) limits it to one service.
        /// </summary>
        public SandboxFault FailNext(string action, int count, string errorCode, int? httpStatus = null, string? message = null, string? service = null) =>
            _faults.AddFailure(service, action, count, errorCode, httpStatus, message);

        /// <summary>
        /// Like <see cref="FailNext"/>, after letting <paramref name="skip"/> matching calls through first: e.g. the
        /// fourth PutParameter fails (skip 3), or a switch fails after its first ModifyListener (skip 1).
        /// </summary>
        public SandboxFault FailAfter(string action, int skip, int count, string errorCode, int? httpStatus = null, string? message = null, string? service = null) =>
            _faults.AddFailure(service, action, count, errorCode, httpStatus, message, skip);

        /// <summary>
        /// Gives every target of a group this health (as a failing or passing health check would), except targets with
        /// their own <see cref="SetTargetHealth"/>; targets registered later get it too. Null returns the group to the
        /// sandbox's own timeline. Draining and unused still win, as in ELBv2.
        /// </summary>
        public void SetGroupHealth(string targetGroupArn, string? state, string? reason = null, string? description = null) =>
            Apply(world => world.LoadBalancing.Targets.SetGroupHealth(targetGroupArn, string.IsNullOrEmpty(state) ? null : new TargetHealth(state!, reason, description)));

        /// <summary>Returns every target of a group without its own override to the sandbox's timeline (PowerShell passes $null strings as '').</summary>
        public void ClearGroupHealth(string targetGroupArn) => SetGroupHealth(targetGroupArn, null);

        /// <summary>
        /// Makes each call of <paramref name="action"/> (<c>*</c>: any) fail with probability <paramref name="rate"/>
        /// (more than 0, at most 1) with <paramref name="errorCode"/>, answered as <see cref="FailNext"/> answers it, until
        /// <see cref="ClearFaults"/> (<see cref="Reset"/> keeps it). The draws are reproducible with
        /// <see cref="SandboxOptions.RandomSeed"/>. Of several faults matching a call, the first added that fires wins, so
        /// Throttling at 0.1 and then InternalFailure at 0.1 fail about 19% of calls.
        /// <see cref="SandboxFault.Failed"/> counts the calls it failed.
        /// </summary>
        public SandboxFault FailRandomly(string action, double rate, string errorCode, int? httpStatus = null, string? message = null, string? service = null) =>
            _faults.AddRandomFailure(service, action, rate, errorCode, httpStatus, message);

        /// <summary>Delays every call of <paramref name="action"/> (<c>*</c>: any) by <paramref name="latency"/>.</summary>
        /// <summary>
        /// EC2 capacity for the next RunInstances calls, one entry per call: it makes at most that many instances
        /// (fewer than MaxCount), or, below its MinCount, fails with InsufficientInstanceCapacity. Cleared by <see cref="Reset"/>.
        /// </summary>
        public void LimitInstanceCapacity(params int[] instancesPerCall) => Apply(world =>
        {
            foreach (int instances in instancesPerCall)
            {
                world.Compute.Capacity.Enqueue(Math.Max(0, instances));
            }
        });

        public SandboxFault AddLatency(string action, TimeSpan latency, string? service = null) =>
            _faults.AddLatency(service, action, latency);

        public void ClearFaults() => _faults.Clear();

        public void ClearRequests() => _log.Clear();

        /// <summary>
        /// Sets a registered target's health as a health check would (<c>healthy</c>, <c>unhealthy</c>, ...; reason and
        /// description default to what ELBv2 reports with that state). It holds until cleared or the target re-registers.
        /// </summary>
        public void SetTargetHealth(string targetGroupArn, string targetId, string state, string? reason = null, string? description = null, int? port = null)
        {
            var health = new TargetHealth(state, reason, description);
            Apply(world => world.LoadBalancing.Targets.SetTargetHealth(targetGroupArn, targetId, port, health));
        }

        /// <summary>Returns a target to the sandbox's own health timeline (initial, then healthy).</summary>
        public void ClearTargetHealth(string targetGroupArn, string targetId, int? port = null) =>
            Apply(world => world.LoadBalancing.Targets.SetTargetHealth(targetGroupArn, targetId, port, null));

        /// <summary>
        /// Each target's health now, as DescribeTargetHealth reports it, by <c>id:port</c> (e.g. <c>127.0.0.1:8080</c>),
        /// in registration order: a quick way for tests to wait for a health check's verdict.
        /// </summary>
        public IReadOnlyList<KeyValuePair<string, TargetHealth>> GetTargetHealth(string targetGroupArn)
        {
            var health = new List<KeyValuePair<string, TargetHealth>>();
            Apply(world => health.AddRange(world.LoadBalancing.Targets.DescribeTargetHealth(targetGroupArn, new List<KeyValuePair<string, int?>>())
                .Select(r => new KeyValuePair<string, TargetHealth>($"{r.TargetId}:{r.Port}", r.Health))));
            return health;
        }

        /// <summary>The complete state as indented JSON; the same state always gives the same text.</summary>
        public string GetStateJson() => StateSnapshotWriter.Write(World);

        /// <summary>Replaces the whole state with a scenario's world (the current one by default); faults and the log stay.</summary>
        public void Reset(SandboxScenario? scenario = null)
        {
            SandboxScenario target = scenario ?? Scenario;
            _hosts?.TerminateAll();
            SandboxWorld world = NewWorld(target);
            lock (_gate)
            {
                _world = world;
                Scenario = target;
            }

            Changed();
        }

        /// <summary>Stops listening. The state stays readable; a stopped sandbox cannot be started again.</summary>
        public void Stop()
        {
            SandboxHttpServer? server;
            lock (_gate)
            {
                server = _server;
                _server = null;
            }

            server?.Dispose();
            _healthChecker?.Dispose();
            _dataPlane?.Dispose();
            // Every host instance ends with the sandbox: sshd, dockerd, containerd, containers, folders.
            _hosts?.Dispose();
        }

        public void Dispose() => Stop();

        public override string ToString() => Endpoint.ToString();

        private void Apply(Action<SandboxWorld> change)
        {
            SandboxWorld world = World;
            lock (world.Gate)
            {
                try
                {
                    change(world);
                }
                catch (AwsErrorException ex)
                {
                    throw new ArgumentException($"{ex.Code}: {ex.Message}", ex);
                }
            }

            Changed();
        }

        /// <summary>After a request or a change by the host: the health checks look again and the data plane is brought up to date.</summary>
        private void Changed()
        {
            _healthChecker?.Wake();
            _dataPlane?.Sync();
        }

        private SandboxWorld NewWorld(SandboxScenario scenario)
        {
            var world = new SandboxWorld(_options, _network, _ids, _hosts);
            if (scenario != SandboxScenario.Empty)
            {
                DemoScenario.Seed(world, withMachines: scenario == SandboxScenario.Demo);
            }

            return world;
        }
    }
}
