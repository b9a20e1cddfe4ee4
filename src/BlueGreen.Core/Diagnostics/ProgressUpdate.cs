namespace BlueGreen.Diagnostics
{
    /// <summary>One progress report. <see cref="PercentComplete"/> is -1 when unknown.</summary>
    public sealed class ProgressUpdate
    {
        public ProgressUpdate(int activityId, string activity, string status, int percentComplete = -1, int parentActivityId = -1)
        {
            ActivityId = activityId;
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            ParentActivityId = parentActivityId;
        }

        public int ActivityId { get; }

        public string Activity { get; }

        public string Status { get; }

        public int PercentComplete { get; }

        public int ParentActivityId { get; }
    }
}
