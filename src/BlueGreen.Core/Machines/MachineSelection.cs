using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Picks the machine that stands for a release: the live group runs the old release, the idle group the new
    /// one. A named machine must be in the expected role; without a name, the healthiest machine of the role is
    /// taken (healthy, then initial, then unused; draining last), ties broken by name so the choice is repeatable.
    /// </summary>
    public static class MachineSelection
    {
        /// <summary>
        /// The machine of <paramref name="role"/> named <paramref name="name"/>, or the healthiest one when no name is
        /// given. Throws InvalidMachineName, MachineNotFound, MachineNot&lt;Role&gt; or No&lt;Role&gt;Machine.
        /// </summary>
        public static Machine Choose(IReadOnlyList<Machine> machines, MachineRole role, string? name)
        {
            if (machines == null)
            {
                throw new ArgumentNullException(nameof(machines));
            }

            string roleWord = role.ToString().ToLowerInvariant();
            if (name != null)
            {
                MachineName.EnsureValid(name);
                Machine named = machines.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal))
                    ?? throw new BlueGreenException("MachineNotFound", FailureCategory.ObjectNotFound,
                        $"No running machine of the project is named '{name}'. List the {roleWord} machines with Get-BgMachine -Role {role}.", name);
                if (named.Role != role)
                {
                    string where = named.TargetGroup == null ? "in neither target group" : $"in {named.TargetGroup}";
                    throw new BlueGreenException($"MachineNot{role}", FailureCategory.InvalidArgument,
                        $"Machine '{name}' is {named.Role.ToString().ToLowerInvariant()} ({where}), not {roleWord}: {Purpose(role)}. Name a {roleWord} machine (Get-BgMachine -Role {role}) or leave the name out to take the healthiest one.",
                        name);
                }

                return named;
            }

            Machine? chosen = machines.Where(m => m.Role == role)
                .OrderBy(m => HealthRank(m.Health))
                .ThenBy(m => m.Name, StringComparer.Ordinal)
                .FirstOrDefault();
            return chosen ?? throw new BlueGreenException($"No{role}Machine", FailureCategory.ObjectNotFound,
                $"No machine of the project is registered in the {roleWord} target group, and {Purpose(role)}. {Remedy(role)}",
                role.ToString());
        }

        /// <summary>0 for healthy, then initial, unused, unhealthy/unavailable/unknown, draining last.</summary>
        internal static int HealthRank(string? health) => health switch
        {
            TargetHealthStateEnum.Healthy => 0,
            TargetHealthStateEnum.Initial => 1,
            TargetHealthStateEnum.Unused => 2,
            TargetHealthStateEnum.Draining => 4,
            _ => 3,
        };

        private static string Purpose(MachineRole role) => role switch
        {
            MachineRole.Live => "the old release (the one serving traffic) is read from a live machine",
            MachineRole.Idle => "the new release (the one with the newest migration files) is read from an idle machine",
            _ => "an orphan serves no release",
        };

        private static string Remedy(MachineRole role) => role switch
        {
            MachineRole.Live => "Register the machines of the serving release (New-BgMachine -TargetGroup Live), or give the manage commands explicitly.",
            _ => "Launch the new release into the idle group first (New-BgMachine -TargetGroup Idle), or give the manage commands explicitly.",
        };
    }
}
