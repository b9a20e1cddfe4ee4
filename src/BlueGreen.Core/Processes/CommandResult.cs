namespace BlueGreen.Processes
{
    /// <summary>What a finished process left behind: its exit code, its output as lines, its error text and how long it ran.</summary>
    public sealed class CommandResult
    {
        public CommandResult(string commandLine, int exitCode, IReadOnlyList<string> standardOutput, string standardError, TimeSpan duration)
        {
            CommandLine = commandLine;
            ExitCode = exitCode;
            StandardOutput = standardOutput;
            StandardError = standardError;
            Duration = duration;
        }

        /// <summary>The command as displayed in messages (see <see cref="CommandRequest.DisplayText"/>).</summary>
        public string CommandLine { get; }

        public int ExitCode { get; }

        public IReadOnlyList<string> StandardOutput { get; }

        public string StandardError { get; }

        public TimeSpan Duration { get; }

        public bool Succeeded => ExitCode == 0;
    }
}
