namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>
    /// What really runs for an instance of the host runtime (<see cref="InstanceRuntime.Host"/>): it boots on its own
    /// and says when it is up; the EC2 state follows it instead of the clock.
    /// </summary>
    internal interface IInstanceHost
    {
        /// <summary>When its ssh server answered (the instance is <c>running</c> from then on); null while booting.</summary>
        DateTimeOffset? RunningAt { get; }

        /// <summary>Whether everything it started is gone and its address is free again (<c>terminated</c>).</summary>
        bool Stopped { get; }

        /// <summary>What GetConsoleOutput returns: empty until it has booted.</summary>
        string ConsoleOutput { get; }

        /// <summary>When the console output was last written; null while it is empty.</summary>
        DateTimeOffset? ConsoleTimestamp { get; }

        /// <summary>Starts stopping everything it started; returns at once (<see cref="Stopped"/> says when it is done).</summary>
        void Terminate();
    }
}
