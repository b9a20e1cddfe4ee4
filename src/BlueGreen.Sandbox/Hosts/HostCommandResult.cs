namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>How a <see cref="HostCommand"/> ended: its exit code, standard output and standard error.</summary>
    internal sealed class HostCommandResult
    {
        internal HostCommandResult(int exitCode, string output, string error)
        {
            ExitCode = exitCode;
            Output = output;
            Error = error;
        }

        internal int ExitCode { get; }

        internal string Output { get; }

        internal string Error { get; }
    }
}
