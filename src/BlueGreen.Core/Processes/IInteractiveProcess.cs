namespace BlueGreen.Processes
{
    /// <summary>
    /// A process whose standard input stays open: lines are written to it while it runs, and every line it prints on
    /// standard output goes to the callback it was started with. A manage.py session (<see cref="ManageSession"/>).
    /// </summary>
    public interface IInteractiveProcess
    {
        /// <summary>Ends when the process has ended, with its exit code.</summary>
        Task<int> Exited { get; }

        /// <summary>The last lines it wrote on standard error (for the message when it ends unasked).</summary>
        string StandardErrorTail { get; }

        /// <summary>Writes one line to its standard input.</summary>
        Task WriteLineAsync(string line, CancellationToken cancellationToken);

        /// <summary>
        /// Closes its standard input (a session then ends by itself) and waits up to <paramref name="grace"/>; kills
        /// it and every process it started when it has not ended by then. Never throws.
        /// </summary>
        Task StopAsync(TimeSpan grace);
    }
}
