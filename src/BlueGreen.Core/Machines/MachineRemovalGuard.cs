namespace BlueGreen.Machines
{
    /// <summary>
    /// Decides whether a machine may be removed. Refused: the last healthy machine of the live group (always: the
    /// site would go down; switch traffic first), and any live machine without -Force. The guard remembers what it
    /// allowed, so in one batch the second-to-last and last healthy live machines are not both let through.
    /// </summary>
    public sealed class MachineRemovalGuard(IReadOnlyList<Machine> inventory, bool force)
    {
        private readonly IReadOnlyList<Machine> _inventory = inventory ?? throw new ArgumentNullException(nameof(inventory));
        private readonly bool _force = force;
        private readonly HashSet<string> _allowed = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Null when <paramref name="machine"/> may be removed, else why not (as an error to report).</summary>
        public BlueGreenException? Check(Machine machine)
        {
            if (machine.Role != MachineRole.Live)
            {
                return null;
            }

            bool healthy = machine.IsHealthy;
            int healthyLiveLeft = _inventory.Count(m => m.Role == MachineRole.Live && m.IsHealthy && !_allowed.Contains(m.Name));
            if (healthy && healthyLiveLeft <= 1)
            {
                return new BlueGreenException("LastHealthyLiveMachine", FailureCategory.InvalidOperation,
                    $"{machine} is the last healthy machine of the live target group {machine.TargetGroup}; removing it would take the site down, even with -Force. " +
                    "Launch another machine into the live group first (New-BgMachine -TargetGroup Live), or switch traffic to the other group (Switch-BgTargetGroup).",
                    machine);
            }

            if (!_force)
            {
                return new BlueGreenException("LiveMachine", FailureCategory.InvalidOperation,
                    $"{machine} serves live traffic in target group {machine.TargetGroup}. Remove idle or orphan machines instead, or pass -Force to remove a live machine (it is deregistered and drained first).",
                    machine);
            }

            return null;
        }

        /// <summary>Records that <paramref name="machine"/> is being removed, for the checks that follow.</summary>
        public void Allow(Machine machine) => _allowed.Add(machine.Name);
    }
}
