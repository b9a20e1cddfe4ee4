namespace BlueGreen.Deployment
{
    /// <summary>
    /// A journal write failed after the SDK's retries (or an earlier one had). The deployment must stop here: what
    /// the journal says is all that is known, and nothing may go on unrecorded. Error id JournalWriteFailed.
    /// </summary>
    public sealed class JournalWriteFailedException : BlueGreenException
    {
        public const string Id = "JournalWriteFailed";

        public JournalWriteFailedException(string deploymentId, string what, string message, Exception? inner)
            : base(Id, FailureCategory.WriteError, message, deploymentId, inner)
        {
            DeploymentId = deploymentId;
            What = what;
        }

        public string DeploymentId { get; }

        /// <summary>What was being recorded, e.g. "the start of step 3 (SwitchTraffic)".</summary>
        public string What { get; }
    }
}
