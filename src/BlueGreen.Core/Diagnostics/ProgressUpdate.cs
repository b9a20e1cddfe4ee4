namespace BlueGreen.Diagnostics
{
    /// <summary>One progress report. <see cref="PercentComplete"/> is -1 when unknown.</summary>
    public sealed record ProgressUpdate(int ActivityId, string Activity, string Status, int PercentComplete = -1, int ParentActivityId = -1);
}
