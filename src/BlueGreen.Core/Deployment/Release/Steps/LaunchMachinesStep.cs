using BlueGreen.Machines;
using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Launches the new machines into the new group (those an earlier run launched but did not register are started
    /// and registered; names not seen running get fresh names, journaled before the launch; instances of its own batch
    /// launch left without their Name tag are terminated and journaled removed first). Every machine is launched tagged
    /// bluegreen:deployment = the deployment's id, by RunInstances itself. Done once journaled so,
    /// or once a switch began; either way the new machines are looked up after (NewMachinesGone when none runs).
    /// </summary>
    internal sealed class LaunchMachinesStep : ReleaseStep
    {
        private ProjectTargetGroup? _to;
        private TrafficState? _traffic;
        private IReadOnlyList<Machine>? _inventory;

        public override string Name => ReleaseSteps.LaunchMachines;

        public override string? UndoneBy => ReleaseSteps.RemoveNewMachines;

        public override bool IsDone(ReleaseContext c) => c.HasDone(Name) || c.SwitchStarted;

        public override string? Detail(ReleaseContext c) => $"{c.Facts.Count} x {c.Release.Machines.ProviderKind} into {_to?.Name}";

        public override async Task BeforeAsync(ReleaseContext c, CancellationToken cancellationToken)
        {
            // A fresh start read the load balancer and the machines a moment ago (only the lock and the journal were
            // written since): taken as they are. A resume reads them again.
            var read = c.TakeStartRead();
            TrafficState traffic = read?.Traffic ?? await c.Release.Machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            _to = traffic.Group(c.ToArn);
            _traffic = traffic;
            _inventory = read?.Inventory;
        }

        public override async Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken token)
        {
            MachineServices machines = c.Release.Machines;
            ProjectTargetGroup to = _to!;
            DeploymentFacts facts = c.Facts;
            // The traffic read just before the step began (nothing in between changes a group's targets).
            IReadOnlyList<Machine> inventory = _inventory ?? await machines.ListAsync(_traffic!, token).ConfigureAwait(false);
            var planned = new HashSet<string>(facts.Names, StringComparer.Ordinal);
            List<Machine> existing = inventory.Where(m => planned.Contains(m.Name)).ToList();
            List<Machine> unregistered = existing.Where(m => m.TargetGroupArn != c.ToArn).ToList();
            await TerminateUnnamedAsync(c, inventory, token).ConfigureAwait(false);
            if (unregistered.Count > 0)
            {
                // Launched by a run that was cut off before the app was started or the registration finished: finish
                // them, the apps at most MaxParallelLaunches at once, then one RegisterTargets for all.
                IMachineApplication application = machines.Application;
                c.Release.Reporter.Verbose($"{string.Join(", ", unregistered)} were launched by an earlier run but are not in {to.Name}: {(application.StartDescription == null ? string.Empty : application.StartDescription + " and ")}register them.");
                IReadOnlyList<LaunchOutcome<bool>> started = await ParallelLaunchScheduler.RunAsync(unregistered.Count, Math.Max(1, c.Release.Config.Machines.MaxParallelLaunches), async (index, t) =>
                {
                    await application.StartAsync(unregistered[index].Instance, t).ConfigureAwait(false);
                    return true;
                }, token).ConfigureAwait(false);
                LaunchOutcome<bool>? failed = started.FirstOrDefault(o => !o.IsSuccess);
                if (failed != null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.Error!).Throw();
                }

                await machines.Membership.RegisterAsync(c.ToArn, unregistered.Select(m => m.Instance).ToList(), token).ConfigureAwait(false);
            }

            int missing = facts.Count - existing.Count;
            var launched = existing.Select(m => new DeploymentMachine(m.Name, m.InstanceId)).ToList();
            IReadOnlyList<MachineLaunchFailure> failures = Array.Empty<MachineLaunchFailure>();
            BlueGreenException? registration = null;
            if (missing > 0)
            {
                // Names not seen running were tried before (failed and cleaned up, or never started): fresh names,
                // recorded before the launch, because EC2 ties a launch's idempotency token to its name.
                string prefix = c.Release.Config.Machines.Prefix;
                List<string> fresh = c.Resuming || facts.Names.Count != facts.Count
                    ? Enumerable.Range(0, missing).Select(_ => MachineName.CreateUnique(prefix)).ToList()
                    : facts.Names.ToList();
                if (!fresh.SequenceEqual(facts.Names))
                {
                    // Names is what the deployment counts on; every name ever tried stays in Tried (its tail), so a
                    // machine a cut-off run launched but the provider did not list yet is never forgotten.
                    List<string> names = existing.Select(m => m.Name).Concat(fresh).ToList();
                    await c.SetFactsAsync(f => f with { Names = names, Tried = names.Concat(f.Names.Where(n => !names.Contains(n))).ToList() }, token).ConfigureAwait(false);
                }

                var options = new MachineLaunchOptions(prefix, fresh.Count)
                {
                    Names = fresh,
                    MaxParallel = Math.Max(1, c.Release.Config.Machines.MaxParallelLaunches),
                    Release = c.Options.Release,
                    Deployment = c.Id,
                    StartApplication = true,
                    TargetGroup = to,
                    OnFailure = LaunchFailurePolicy.Keep,
                    ParentActivityId = ReleaseEngine.ProgressActivityId,
                };
                MachineLaunchReport report = await machines.LaunchAsync(options, token).ConfigureAwait(false);
                launched.AddRange(report.Launched.Select(m => new DeploymentMachine(m.Name, m.InstanceId)));
                failures = report.Failures;
                registration = report.RegistrationFailure;
            }

            await c.Journal.RecordMachinesAsync(MachineDisposition.Launched, launched, CancellationToken.None).ConfigureAwait(false);
            if (failures.Count > 0)
            {
                throw new BlueGreenException("LaunchFailed", failures[0].Error.Category,
                    $"{failures.Count} of {facts.Count} machine(s) did not launch ({string.Join("; ", failures.Select(f => f.Name + ": " + ReleaseServices.FirstLine(f.Error.Message)))}); what they had made was removed. " +
                    $"The {launched.Count} that launched are kept in {to.Name}, serving only the preview.",
                    failures[0].Error);
            }

            if (registration != null)
            {
                throw new BlueGreenException("LaunchFailed", registration.Category,
                    $"All {launched.Count} machine(s) launched, but registering them in {to.Name} failed ({ReleaseServices.FirstLine(registration.Message)}). They are kept; Resume-BgDeployment registers them.",
                    registration);
            }

            return StepOutcome.Succeeded;
        }

        /// <summary>
        /// Terminates the instances of this deployment's batch launch that a run cut off between RunInstances and the
        /// tagging of their names (<see cref="ReleaseContext.IsUnnamedLaunch"/>, tagged with its id), and journals them as removed, before
        /// the launch makes their replacements. Not adopted: nothing ever waited for them to be ready, verified their
        /// ssh host keys or started the app on them, and without a name the journal cannot count on them; they
        /// never were in a target group, so no traffic is lost. Not cancellable once begun: what is terminated is journaled.
        /// </summary>
        private static async Task TerminateUnnamedAsync(ReleaseContext c, IReadOnlyList<Machine> inventory, CancellationToken token)
        {
            // Only those tagged with this deployment's id: an untagged one (launched by a version that did not tag
            // it) may be another deployment's leftover, which Undo-BgDeployment of that deployment or Remove-BgMachine takes.
            List<Machine> unnamed = inventory.Where(m => c.IsUnnamedLaunch(m) && m.Deployment == c.Id).ToList();
            if (unnamed.Count == 0)
            {
                return;
            }

            token.ThrowIfCancellationRequested();
            IMachineProvider provider = c.Release.Machines.Provider;
            c.Release.Reporter.Verbose($"{string.Join(", ", unnamed)} were launched by an earlier run of deployment {c.Id} that was cut off before their names were tagged: " +
                "they were never made ready nor registered. Terminating them; fresh machines are launched in their place.");
            // At most MaxParallelLaunches at once, none cancelled half-way (what is terminated is journaled).
            IReadOnlyList<LaunchOutcome<bool>> outcomes = await ParallelLaunchScheduler.RunAsync(unnamed.Count, Math.Max(1, c.Release.Config.Machines.MaxParallelLaunches), async (index, _) =>
            {
                await provider.RemoveAsync(unnamed[index].Instance, CancellationToken.None).ConfigureAwait(false);
                return true;
            }, CancellationToken.None).ConfigureAwait(false);
            List<DeploymentMachine> removed = outcomes.Where(o => o.IsSuccess).Select(o => new DeploymentMachine(unnamed[o.Index].Name, unnamed[o.Index].InstanceId)).ToList();
            Exception? failure = outcomes.FirstOrDefault(o => !o.IsSuccess)?.Error;
            await c.Journal.RecordMachinesAsync(MachineDisposition.Removed, removed.OrderBy(m => m.Name, StringComparer.Ordinal), CancellationToken.None).ConfigureAwait(false);
            if (failure != null)
            {
                throw new BlueGreenException("UnnamedMachinesNotRemoved", FailureCategory.ResourceUnavailable,
                    $"{unnamed.Count - removed.Count} of the {unnamed.Count} unnamed instance(s) deployment {c.Id} launched before it was cut off were not terminated ({ReleaseServices.FirstLine(failure.Message)}). " +
                    $"Resume-BgDeployment -Id {c.Id} tries again; Undo-BgDeployment -Id {c.Id} removes them too.", c.Id, failure);
            }
        }

        public override async Task AfterAsync(ReleaseContext c, bool ran, CancellationToken cancellationToken)
        {
            IReadOnlyList<Machine> found = await c.ExistingNewMachinesAsync(cancellationToken).ConfigureAwait(false);
            if (found.Count == 0)
            {
                throw new BlueGreenException("NewMachinesGone", FailureCategory.ObjectNotFound,
                    $"None of the deployment's new machines ({string.Join(", ", c.Facts.Names)}) is running. Undo-BgDeployment -Id {c.Id} records it as taken back; then start again.", c.Id);
            }

            c.NewMachines = found;
        }
    }
}
