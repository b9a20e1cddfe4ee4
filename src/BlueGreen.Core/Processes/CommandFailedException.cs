namespace BlueGreen.Processes
{
    /// <summary>An external process exited with a non-zero code. Carries the exit code and what it wrote to standard error.</summary>
    public sealed class CommandFailedException : BlueGreenException
    {
        public const string Id = "CommandFailed";

        public CommandFailedException(CommandResult result)
            : base(Id, FailureCategory.InvalidResult, BuildMessage(result), result.CommandLine)
        {
            Result = result;
        }

        public CommandResult Result { get; }

        public int ExitCode => Result.ExitCode;

        public string StandardError => Result.StandardError;

        private static string BuildMessage(CommandResult result)
        {
            string error = result.StandardError.Trim();
            const int limit = 4000;
            if (error.Length > limit)
            {
                error = "..." + error.Substring(error.Length - limit);
            }

            return error.Length == 0
                ? $"'{result.CommandLine}' failed with exit code {result.ExitCode} and wrote nothing to standard error. Run it by hand to see what went wrong."
                : $"'{result.CommandLine}' failed with exit code {result.ExitCode}: {error}";
        }
    }
}
