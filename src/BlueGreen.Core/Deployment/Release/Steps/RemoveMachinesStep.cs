using BlueGreen.Machines;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Deregisters, drains and removes those of the machines still running, with Remove-BgMachine's guards and one
    /// approval each: RemoveNewMachines (compensation of the launch: every name the deployment tried) or
    /// RemoveOldMachines (Complete-BgDeployment: the old release's kept machines). The removed ones are journaled
    /// before any failure is thrown.
    /// </summary>
    internal sealed class RemoveMachinesStep : ReleaseStep
    {
        private readonly bool _old;
        private readonly Func<ReleaseContext, bool> _applies;

        private RemoveMachinesStep(bool old, Func<ReleaseContext, bool> applies)
        {
            _old = old;
            _applies = applies;
        }

        internal static RemoveMachinesStep New(Func<ReleaseContext, bool> applies) => new RemoveMachinesStep(false, applies);

        internal static RemoveMachinesStep Old() => new RemoveMachinesStep(true, _ => true);

        public override string Name => _old ? ReleaseSteps.RemoveOldMachines : ReleaseSteps.RemoveNewMachines;

        public override bool Applies(ReleaseContext c) => _applies(c);

        public override string? Detail(ReleaseContext c) => string.Join(" ", Names(c));

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            MachineServices machines = c.Release.Machines;
            IReadOnlyList<Machine> inventory = await machines.ListAsync(true, token).ConfigureAwait(false);
            var wanted = new HashSet<string>(Names(c), StringComparer.Ordinal);
            List<string> running = inventory.Where(m => wanted.Contains(m.Name)).Select(m => m.Name).ToList();
            if (running.Count == 0)
            {
                return StepOutcome.Skipped;
            }

            var remover = new MachineRemover(machines.Provider, machines.Membership, c.Release.Reporter) { DrainTimeout = c.Options.DrainTimeout };
            MachineRemovalReport report = await remover.RemoveAsync(inventory, running, false, c.Approval, token).ConfigureAwait(false);
            await c.Journal.RecordMachinesAsync(MachineDisposition.Removed, report.Removed.Select(m => new DeploymentMachine(m.Name, m.InstanceId)), CancellationToken.None).ConfigureAwait(false);
            if (report.Failures.Count > 0)
            {
                throw new BlueGreenException("RemoveFailed", report.Failures[0].Category,
                    $"{report.Failures.Count} {(_old ? "old" : "new")} machine(s) were not removed: {string.Join("; ", report.Failures.Select(f => ReleaseServices.FirstLine(f.Message)))}", report.Failures[0].Target);
            }

            return report.Removed.Count == 0 ? StepOutcome.Skipped : StepOutcome.Succeeded;
        }

        // New: every name tried, and the machines Undo found as the deployment's (an unnamed batch launch's included).
        private IReadOnlyList<string> Names(ReleaseContext c) => _old ? c.Record.MachinesKept.Select(m => m.Name).ToList() : c.Facts.EveryTried.Concat(c.NewMachines.Select(m => m.Name)).Distinct().ToList();
    }
}
