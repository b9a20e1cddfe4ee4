namespace BlueGreen.Processes
{
    /// <summary>
    /// Starts <see cref="IInteractiveProcess"/>es: the real one is <see cref="CliWrapInteractiveProcessStarter"/>;
    /// tests substitute a process in memory.
    /// </summary>
    public interface IInteractiveProcessStarter
    {
        /// <summary>
        /// Starts <paramref name="request"/> (executable, arguments, directory, environment; its timeout and standard
        /// input are not used) with <paramref name="onOutputLine"/> called for each line of its standard output.
        /// Throws BlueGreenException ExecutableNotFound when it cannot be started.
        /// </summary>
        IInteractiveProcess Start(CommandRequest request, Action<string> onOutputLine);
    }
}
