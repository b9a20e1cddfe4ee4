using BlueGreen.Traffic;

namespace BlueGreen.Machines
{
    /// <summary>
    /// The project's machines as the provider lists them, joined with the load balancer's view: which of the
    /// two target groups each is registered in (its role and color) and its health there. Machines in neither
    /// group are orphans.
    /// </summary>
    public sealed class MachineInventory
    {
        private readonly IMachineProvider _provider;
        private readonly IOperationReporter _reporter;

        public MachineInventory(IMachineProvider provider, IOperationReporter reporter)
        {
            _provider = provider ?? throw new ArgumentNullException(nameof(provider));
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        /// <param name="traffic">The project's target groups as read by <see cref="TrafficStateReader"/>; null when there is no load balancer to ask (every machine is then an orphan).</param>
        public async Task<IReadOnlyList<Machine>> ListAsync(TrafficState? traffic, CancellationToken cancellationToken)
        {
            IReadOnlyList<MachineInstance> instances = await _provider.ListAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<Machine> machines = Join(instances, traffic, _reporter);
            return machines;
        }

        /// <summary>Joins provider records with target-group membership; warns about targets no machine accounts for.</summary>
        public static IReadOnlyList<Machine> Join(IReadOnlyList<MachineInstance> instances, TrafficState? traffic, IOperationReporter reporter)
        {
            var machines = new List<Machine>();
            foreach (MachineInstance instance in instances)
            {
                if (traffic == null || instance.InstanceId == null)
                {
                    machines.Add(new Machine(instance, MachineRole.Orphan, null, null, null, null));
                    continue;
                }

                var memberships = traffic.Groups
                    .Select(group => (Group: group, Target: group.Targets.FirstOrDefault(t => t.Id == instance.InstanceId)))
                    .Where(m => m.Target != null)
                    .ToList();
                if (memberships.Count == 0)
                {
                    machines.Add(new Machine(instance, MachineRole.Orphan, null, null, null, null));
                    continue;
                }

                if (memberships.Count > 1)
                {
                    reporter.Warning($"{instance} is registered in both {memberships[0].Group.Name} and {memberships[1].Group.Name}; it is shown in the live one. Deregister it from one of them.");
                }

                var membership = memberships.OrderBy(m => m.Group == traffic.Live ? 0 : 1).First();
                machines.Add(new Machine(instance, RoleOf(membership.Group, traffic), membership.Group.Name, membership.Group.Arn, membership.Group.Color, membership.Target!.State));
            }

            if (traffic != null)
            {
                var known = new HashSet<string>(instances.Where(i => i.InstanceId != null).Select(i => i.InstanceId!), StringComparer.Ordinal);
                foreach (ProjectTargetGroup group in traffic.Groups)
                {
                    foreach (TargetStatus target in group.Targets.Where(t => !known.Contains(t.Id)))
                    {
                        reporter.Warning($"Target {target.Id} ({target.State}) of {group.Name} is not one of the project's machines (none of its machines has that instance id). It is left out.");
                    }
                }
            }

            return machines;
        }

        /// <summary>The live group is the one serving traffic (during a canary switch, the one traffic moves away from).</summary>
        internal static MachineRole RoleOf(ProjectTargetGroup group, TrafficState traffic) =>
            group == traffic.Live ? MachineRole.Live : MachineRole.Idle;
    }
}
