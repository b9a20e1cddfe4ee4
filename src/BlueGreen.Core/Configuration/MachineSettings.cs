namespace BlueGreen.Configuration
{
    /// <summary>How machines are named, launched and reached.</summary>
    public sealed class MachineSettings
    {
        /// <summary>Name prefix of every machine; a machine is named &lt;Prefix&gt;&lt;8 hex&gt;.</summary>
        public string Prefix { get; set; } = string.Empty;

        public MachineProviderKind Provider { get; set; } = MachineProviderKind.Ec2;

        /// <summary>At most this many machines are launched at once.</summary>
        /// <summary>
        /// The default of <see cref="MaxParallelLaunches"/>. Measured on 2 cores (32 machines, the fake docker-machine,
        /// one python process each): with 1 s of remote work per machine (what compose up --build and ssh mostly do:
        /// wait for the instance) 4 at once took 10.0 s, 8 7.0 s, 16 3.7 s, 32 2.1 s; with no remote work (pure local
        /// CPU) 4 took 2.6 s and 32 3.3 s. More at once costs little when the work is local and saves the most when it
        /// waits on the machine, so 32 (instances themselves are all made at once by the EC2 provider's batch).
        /// </summary>
        public const int DefaultMaxParallelLaunches = 32;

        public int MaxParallelLaunches { get; set; } = DefaultMaxParallelLaunches;

        public DockerMachineSettings DockerMachine { get; set; } = new DockerMachineSettings();

        public Ec2LaunchSettings Ec2 { get; set; } = new Ec2LaunchSettings();

        public LocalMachineSettings Local { get; set; } = new LocalMachineSettings();
    }
}
