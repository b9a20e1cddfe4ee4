namespace BlueGreen.Diagnostics
{
    /// <summary>A reporter that drops everything (for tests and callers that do not care).</summary>
    public sealed class NullOperationReporter : IOperationReporter
    {
        public static readonly NullOperationReporter Instance = new NullOperationReporter();

        private NullOperationReporter()
        {
        }

        public void Verbose(string message)
        {
        }

        public void Warning(string message)
        {
        }

        public void Progress(ProgressUpdate update)
        {
        }

        public void Complete(int activityId)
        {
        }
    }
}
