namespace BlueGreen.Sandbox
{
    /// <summary>What an instance that RunInstances makes is.</summary>
    public enum InstanceRuntime
    {
        /// <summary>A record whose state follows the clock (pending for InstanceBootTime, then running); nothing runs. The default.</summary>
        Simulated,

        /// <summary>
        /// A real host on this machine: its own 127.0.1.x address, a real OpenSSH server on port 22 that lets root in with
        /// the key pair named by KeyName, and its own Docker engine (see docs/sandbox-host-instances.md). Needs root on
        /// Linux with openssh-server and docker.io (<see cref="Hosts.HostRuntime.CheckPrerequisites"/>).
        /// </summary>
        Host,
    }
}
