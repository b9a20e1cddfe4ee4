namespace BlueGreen.Diagnostics
{
    /// <summary>
    /// How the engine tells its caller what it is doing. Implementations must be thread-safe: engine work runs
    /// on worker threads; the PowerShell implementation queues every call and writes the streams on the
    /// pipeline thread. Never pass secrets.
    /// </summary>
    public interface IOperationReporter
    {
        void Verbose(string message);

        void Warning(string message);

        /// <summary>Progress of one activity. Each activity has its own id; call <see cref="Complete"/> when it ends.</summary>
        void Progress(ProgressUpdate update);

        void Complete(int activityId);
    }
}
