namespace BlueGreen.Machines
{
    /// <summary>
    /// Removes machines safely: each is checked by <see cref="MachineRemovalGuard"/> and approved one by one
    /// (ShouldProcess), then deregistered from its target group, waited for until drained, and only then removed
    /// by its provider. A declined or refused machine is left exactly as it was.
    /// </summary>
    public sealed class MachineRemover
    {
        private readonly IMachineProvider _provider;
        private readonly TargetGroupMembership? _membership;
        private readonly IOperationReporter _reporter;

        /// <param name="membership">Null when there is no load balancer (every machine is then an orphan).</param>
        public MachineRemover(IMachineProvider provider, TargetGroupMembership? membership, IOperationReporter reporter)
        {
            _provider = provider ?? throw new ArgumentNullException(nameof(provider));
            _membership = membership;
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        /// <summary>How long a deregistered machine may take to drain before its removal is given up.</summary>
        public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(10);

        /// <param name="inventory">The project's machines right now (<see cref="MachineInventory"/>).</param>
        /// <param name="names">Names of the machines to remove.</param>
        public async Task<MachineRemovalReport> RemoveAsync(IReadOnlyList<Machine> inventory, IEnumerable<string> names, bool force,
            IChangeApproval approval, CancellationToken cancellationToken)
        {
            var failures = new List<BlueGreenException>();
            var approved = new List<Machine>();
            var guard = new MachineRemovalGuard(inventory, force);
            foreach (string name in names.Distinct(StringComparer.Ordinal))
            {
                Machine? machine = inventory.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));
                if (machine == null)
                {
                    failures.Add(new BlueGreenException("MachineNotFound", FailureCategory.ObjectNotFound,
                        $"No running machine of the project is named '{name}'. List them with Get-BgMachine.", name));
                    continue;
                }

                BlueGreenException? refusal = guard.Check(machine);
                if (refusal != null)
                {
                    failures.Add(refusal);
                    continue;
                }

                string action = machine.TargetGroup == null
                    ? $"Remove machine ({machine.Provider})"
                    : $"Deregister from {machine.TargetGroup} ({machine.Role}), wait for draining, remove machine ({machine.Provider})";
                if (!approval.Approve(machine.ToString(), action))
                {
                    continue;
                }

                guard.Allow(machine);
                approved.Add(machine);
            }

            Task<BlueGreenException?>[] removals = approved.Select(m => RemoveOneAsync(m, cancellationToken)).ToArray();
            BlueGreenException?[] results = await Task.WhenAll(removals).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var removed = new List<Machine>();
            for (int i = 0; i < approved.Count; i++)
            {
                if (results[i] == null)
                {
                    removed.Add(approved[i]);
                }
                else
                {
                    failures.Add(results[i]!);
                }
            }

            return new MachineRemovalReport(removed, failures);
        }

        private async Task<BlueGreenException?> RemoveOneAsync(Machine machine, CancellationToken cancellationToken)
        {
            try
            {
                if (machine.TargetGroupArn != null && machine.InstanceId != null)
                {
                    if (_membership == null)
                    {
                        throw new InvalidOperationException("A registered machine needs a TargetGroupMembership to be deregistered.");
                    }

                    await _membership.DeregisterAsync(machine.TargetGroupArn, machine.InstanceId, machine.Port, cancellationToken).ConfigureAwait(false);
                    await _membership.WaitUntilDrainedAsync(machine.TargetGroupArn, machine.InstanceId, DrainTimeout, cancellationToken).ConfigureAwait(false);
                }

                _reporter.Verbose($"Removing {machine}.");
                await _provider.RemoveAsync(machine.Instance, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (BlueGreenException ex)
            {
                return ex;
            }
            catch (Exception ex) when (!(ex is InvalidOperationException))
            {
                return new BlueGreenException("RemoveFailed", FailureCategory.NotSpecified,
                    $"Removing {machine} failed: {ex.Message} Check it with Get-BgMachine and try again.", machine, ex);
            }
        }
    }
}
