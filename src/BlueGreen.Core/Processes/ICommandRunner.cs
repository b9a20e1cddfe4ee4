namespace BlueGreen.Processes
{
    /// <summary>
    /// Runs external processes. The seam between the engine and the operating system: the real implementation is
    /// <see cref="CliWrapCommandRunner"/>; tests substitute recorded answers.
    /// </summary>
    public interface ICommandRunner
    {
        /// <summary>
        /// Runs <paramref name="request"/> to the end and returns what it printed.
        /// Throws <see cref="CommandFailedException"/> for a non-zero exit (unless the request accepts it),
        /// <see cref="BlueGreen.Diagnostics.BlueGreenException"/> with id CommandTimedOut when the request's timeout
        /// elapses, id ExecutableNotFound when the executable cannot be started, and
        /// <see cref="System.OperationCanceledException"/> when <paramref name="cancellation"/> fires (the process is killed).
        /// </summary>
        Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellation);
    }
}
