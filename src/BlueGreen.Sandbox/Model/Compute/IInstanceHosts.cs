namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>
    /// Where host instances come from: the real hosts of <see cref="Hosts.HostFleet"/> (sshd and dockerd on this
    /// machine), or a fake in unit tests. Null in <see cref="SandboxWorld"/> for the simulated runtime.
    /// </summary>
    internal interface IInstanceHosts
    {
        /// <summary>
        /// Addresses for MinCount to MaxCount new instances (as many as are free, as EC2 launches what it can), lowest
        /// free first (127.0.1.1 first), each held until the host launched on it has stopped;
        /// InsufficientFreeAddressesInSubnet when fewer than MinCount are free.
        /// </summary>
        System.Collections.Generic.IReadOnlyList<string> AllocateAddresses(int minCount, int maxCount);

        /// <summary>Starts booting a host for a new instance (on the address allocated for it) and returns at once.</summary>
        IInstanceHost Launch(Ec2Instance instance, string? authorizedKey);
    }
}
