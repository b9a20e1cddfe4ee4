namespace BlueGreen.Deployment
{
    /// <summary>
    /// One step of a release flow, journaled by <see cref="ReleaseRunner"/> before and after it runs. A step says its
    /// journal name, when it applies to this deployment, how it knows from the journal that it is done (the runner
    /// then skips it), what it does, and which step undoes it. <see cref="BeforeAsync"/> runs before the step is
    /// journaled Started (what must be written ahead of it), <see cref="AfterAsync"/> after it ended or was found done.
    /// </summary>
    internal abstract class ReleaseStep
    {
        /// <summary>Its name in the journal (see <see cref="ReleaseSteps"/>).</summary>
        public abstract string Name { get; }

        /// <summary>What progress shows while it runs.</summary>
        public virtual string Label => Name;

        /// <summary>The journal step that takes back what this one did (null: nothing to take back).</summary>
        public virtual string? UndoneBy => null;

        /// <summary>Whether the step belongs to this run at all (decided when the runner reaches it).</summary>
        public virtual bool Applies(ReleaseContext c) => true;

        /// <summary>Whether the journal shows it done already (the runner skips it, without journaling it again).</summary>
        public virtual bool IsDone(ReleaseContext c) => false;

        /// <summary>
        /// Whether the step has nothing to do in this run, known before it begins (e.g. -SkipSmokeCheck): the runner
        /// journals it Skipped in one write and does not run it.
        /// </summary>
        public virtual bool Skips(ReleaseContext c) => false;

        /// <summary>The journal step's detail.</summary>
        public abstract string? Detail(ReleaseContext c);

        public virtual Task BeforeAsync(ReleaseContext c, CancellationToken cancellationToken) => Task.CompletedTask;

        /// <summary>
        /// Reads the step starts with, made while its Started is being written (one round trip saved): reads only,
        /// as nothing may take effect before the Started is persisted. A failure of it is the step's failure.
        /// </summary>
        public virtual Task ReadAheadAsync(ReleaseContext c, CancellationToken cancellationToken) => Task.CompletedTask;

        /// <summary>Does the work; returns Succeeded or Skipped (nothing to do), throws on failure.</summary>
        public abstract Task<StepOutcome> RunAsync(ReleaseContext c, CancellationToken cancellationToken);

        /// <param name="ran">False when the step was found done and skipped.</param>
        public virtual Task AfterAsync(ReleaseContext c, bool ran, CancellationToken cancellationToken) => Task.CompletedTask;

        /// <summary>
        /// Why the release degraded, when <paramref name="failure"/> is the step finding so (a canary or bake that
        /// went bad): the runner journals the step Failed and hands the flow to the rollback instead of failing it.
        /// </summary>
        public virtual string? Degradation(Exception failure) => null;

        public override string ToString() => Name;
    }
}
