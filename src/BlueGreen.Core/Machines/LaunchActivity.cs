namespace BlueGreen.Machines
{
    /// <summary>The progress activity of one launch: a child of the batch's activity, with its own id.</summary>
    internal sealed class LaunchActivity : IProgress<string>
    {
        private readonly IOperationReporter _reporter;
        private readonly int _activityId;
        private readonly int _parentActivityId;
        private readonly string _activity;
        private int _completed;

        internal LaunchActivity(IOperationReporter reporter, int activityId, int parentActivityId, string activity)
        {
            _reporter = reporter;
            _activityId = activityId;
            _parentActivityId = parentActivityId;
            _activity = activity;
        }

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
