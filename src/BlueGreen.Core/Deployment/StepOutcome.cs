namespace BlueGreen.Deployment
{
    /// <summary>What the journal knows of one step.</summary>
    public enum StepOutcome
    {
        /// <summary>Recorded before it took effect and never ended: it may or may not have been done.</summary>
        Started,

        Succeeded,

        Failed,

        /// <summary>Not needed (e.g. no migration to apply).</summary>
        Skipped,
    }
}
