namespace BlueGreen.Processes
{
    /// <summary>What a finished process left behind: its exit code, its output as lines, its error text and how long it ran.</summary>
    public sealed class CommandResult(string commandLine, int exitCode, IReadOnlyList<string> standardOutput, string standardError, TimeSpan duration)
    {
        /// <summary>The command as displayed in messages (see <see cref="CommandRequest.DisplayText"/>).</summary>
        public string CommandLine { get; } = commandLine;

        public int ExitCode { get; } = exitCode;

        public IReadOnlyList<string> StandardOutput { get; } = standardOutput;

        public string StandardError { get; } = standardError;

        public TimeSpan Duration { get; } = duration;

        public bool Succeeded => ExitCode == 0;
    }
}
