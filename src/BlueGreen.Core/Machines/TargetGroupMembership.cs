using BlueGreen.Aws;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Puts machines into a target group and takes them out: register, deregister, and wait until a
    /// deregistered target has drained (DescribeTargetHealth no longer shows it, or shows it unused).
    /// </summary>
    public sealed class TargetGroupMembership
    {
        private readonly IElasticLoadBalancingV2 _elb;
        private readonly IOperationReporter _reporter;

        public TargetGroupMembership(IElasticLoadBalancingV2 elb, IOperationReporter reporter)
        {
            _elb = elb ?? throw new ArgumentNullException(nameof(elb));
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        /// <summary>Pause before the second DescribeTargetHealth poll while draining; later pauses grow up to 10 s.</summary>
        public TimeSpan FirstPollInterval { get; set; } = ReadyDeadline.FirstPollInterval;

        /// <param name="port">The target's port (a Local machine's gunicorn); null: the target group's port.</param>
        public async Task RegisterAsync(string targetGroupArn, string instanceId, int? port, CancellationToken cancellationToken)
        {
            _reporter.Verbose($"Registering {Describe(instanceId, port)} in target group {targetGroupArn}.");
            await AwsFailureTranslator.InvokeAsync("RegisterTargets", instanceId, () => _elb.RegisterTargetsAsync(targetGroupArn, new[] { Target(instanceId, port) }, cancellationToken)).ConfigureAwait(false);
        }

        /// <summary>
        /// At most this many targets per RegisterTargets call. The API reference names no limit per call (a group holds
        /// 1,000 instance targets by default); a list longer than this is sent in pages of this size, one after another.
        /// </summary>
        public const int MaxTargetsPerCall = 500;

        /// <summary>Registers the machines' instances (each with its <see cref="MachineInstance.Port"/>) in one RegisterTargets call (per <see cref="MaxTargetsPerCall"/>).</summary>
        public async Task RegisterAsync(string targetGroupArn, IReadOnlyList<MachineInstance> machines, CancellationToken cancellationToken)
        {
            List<TargetDescription> targets = machines.Select(m => Target(RequireInstanceId(m), m.Port)).ToList();
            for (int start = 0; start < targets.Count; start += MaxTargetsPerCall)
            {
                List<TargetDescription> page = targets.Skip(start).Take(MaxTargetsPerCall).ToList();
                _reporter.Verbose($"Registering {page.Count} target(s) in target group {targetGroupArn}: {string.Join(", ", page.Select(t => Describe(t.Id!, t.Port)))}.");
                await AwsFailureTranslator.InvokeAsync("RegisterTargets", targetGroupArn, () => _elb.RegisterTargetsAsync(targetGroupArn, page, cancellationToken)).ConfigureAwait(false);
            }
        }

        /// <summary>The health state of every target of the group (one DescribeTargetHealth), by instance id.</summary>
        public async Task<IReadOnlyDictionary<string, string?>> HealthOfAllAsync(string targetGroupArn, CancellationToken cancellationToken)
        {
            IReadOnlyList<TargetHealthDescription> health = await AwsFailureTranslator.InvokeAsync("DescribeTargetHealth", targetGroupArn, () => _elb.DescribeTargetHealthAsync(
                targetGroupArn, null, cancellationToken)).ConfigureAwait(false);
            var states = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (TargetHealthDescription description in health.Where(h => h.Target?.Id != null))
            {
                states[description.Target!.Id!] = description.TargetHealth?.State;
            }

            return states;
        }

        /// <summary>Registers the machine's instance with its <see cref="MachineInstance.Port"/>.</summary>
        public Task RegisterAsync(string targetGroupArn, MachineInstance machine, CancellationToken cancellationToken) =>
            RegisterAsync(targetGroupArn, RequireInstanceId(machine), machine.Port, cancellationToken);

        /// <param name="port">The port it was registered with (null: the group's port); a target is an id and a port.</param>
        public async Task DeregisterAsync(string targetGroupArn, string instanceId, int? port, CancellationToken cancellationToken)
        {
            _reporter.Verbose($"Deregistering {Describe(instanceId, port)} from target group {targetGroupArn}.");
            await AwsFailureTranslator.InvokeAsync("DeregisterTargets", instanceId, () => _elb.DeregisterTargetsAsync(targetGroupArn, new[] { Target(instanceId, port) }, cancellationToken)).ConfigureAwait(false);
        }

        /// <summary>The target's health state in the group (initial, healthy, draining, unused, ...).</summary>
        public async Task<string?> HealthOfAsync(string targetGroupArn, string instanceId, int? port, CancellationToken cancellationToken)
        {
            IReadOnlyList<TargetHealthDescription> health = await AwsFailureTranslator.InvokeAsync("DescribeTargetHealth", instanceId, () => _elb.DescribeTargetHealthAsync(
                targetGroupArn, new[] { Target(instanceId, port) }, cancellationToken)).ConfigureAwait(false);
            return health.FirstOrDefault(h => h.Target?.Id == instanceId)?.TargetHealth?.State;
        }

        /// <summary>
        /// Waits until the deregistered target is gone from the group or unused, so connections it was serving
        /// have finished. Throws WaitTimedOut (OperationTimeout) after <paramref name="timeout"/>.
        /// </summary>
        public async Task WaitUntilDrainedAsync(string targetGroupArn, string instanceId, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var deadline = new ReadyDeadline(timeout, cancellationToken, FirstPollInterval);
            await deadline.RunAsync(async token =>
            {
                while (true)
                {
                    IReadOnlyList<TargetHealthDescription> health = await AwsFailureTranslator.InvokeAsync("DescribeTargetHealth", targetGroupArn, () => _elb.DescribeTargetHealthAsync(targetGroupArn, null, token)).ConfigureAwait(false);
                    string? state = health.FirstOrDefault(h => h.Target?.Id == instanceId)?.TargetHealth?.State;
                    if (state == null || state == TargetHealthStateEnum.Unused)
                    {
                        _reporter.Verbose($"{instanceId} has left target group {targetGroupArn}.");
                        return true;
                    }

                    _reporter.Verbose($"{instanceId} is {state} in target group {targetGroupArn}; waiting.");
                    await deadline.PauseAsync().ConfigureAwait(false);
                }
            }, $"Target {instanceId} did not finish draining from {targetGroupArn}", instanceId).ConfigureAwait(false);
        }

        internal static string RequireInstanceId(MachineInstance machine) =>
            (machine ?? throw new ArgumentNullException(nameof(machine))).InstanceId ?? throw new BlueGreenException("MachineHasNoInstance", FailureCategory.InvalidResult,
                $"Machine {machine.Name} has no EC2 instance id, so it cannot be registered in a target group. Check 'docker-machine inspect {machine.Name}' (Driver.InstanceId).",
                machine.Name);

        private static TargetDescription Target(string instanceId, int? port) => port == null
            ? new TargetDescription { Id = instanceId }
            : new TargetDescription { Id = instanceId, Port = port };

        private static string Describe(string instanceId, int? port) => port == null ? instanceId : $"{instanceId} (port {port})";
    }
}
