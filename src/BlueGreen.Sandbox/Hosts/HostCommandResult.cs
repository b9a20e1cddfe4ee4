namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>How a <see cref="HostCommand"/> ended: its exit code, standard output and standard error.</summary>
    internal sealed record HostCommandResult(int ExitCode, string Output, string Error);
}
