namespace BlueGreen.Deployment
{
    /// <summary>
    /// A deployment cmdlet that did not reach its goal: the step that failed, what it left (where traffic goes,
    /// maintenance, the machines) and what to run next. Keeps the failing step's error id (HealthTimeout,
    /// SmokeCheckFailed, SwitchFailed...) so jobs can tell causes apart; <see cref="Record"/> is the deployment as
    /// recorded (also the ErrorRecord's target).
    /// </summary>
    public sealed class DeploymentFailedException : BlueGreenException
    {
        public DeploymentFailedException(string errorId, FailureCategory category, string message, DeploymentRecord? record, Exception? inner)
            : base(errorId, category, message, (object?)record ?? errorId, inner)
        {
            Record = record;
        }

        /// <summary>The deployment as its journal recorded it, or null when the journal could not be read back.</summary>
        public DeploymentRecord? Record { get; }
    }
}
