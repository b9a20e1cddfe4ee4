namespace BlueGreen.Machines
{
    /// <summary>The progress activity of one launch: a child of the batch's activity, with its own id.</summary>
    internal sealed class LaunchActivity(IOperationReporter reporter, int activityId, int parentActivityId, string activity) : IProgress<string>
    {
        private readonly IOperationReporter _reporter = reporter;
        private readonly int _activityId = activityId;
        private readonly int _parentActivityId = parentActivityId;
        private readonly string _activity = activity;
        private int _completed;

        public void Report(string value) =>
            _reporter.Progress(new ProgressUpdate(_activityId, _activity, value, -1, _parentActivityId));

        /// <summary>Ends the activity (once: later calls do nothing).</summary>
        internal void Complete()
        {
            if (System.Threading.Interlocked.Exchange(ref _completed, 1) == 0)
            {
                _reporter.Complete(_activityId);
            }
        }
    }
}
