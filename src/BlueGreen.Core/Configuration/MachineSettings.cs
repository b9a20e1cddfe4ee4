namespace BlueGreen.Configuration
{
    /// <summary>How machines are named, launched and reached.</summary>
    public sealed class MachineSettings
    {
        /// <summary>Name prefix of every machine; a machine is named &lt;Prefix&gt;&lt;8 hex&gt;.</summary>
        public string Prefix { get; set; } = string.Empty;

        public MachineProviderKind Provider { get; set; } = MachineProviderKind.Ec2;

        /// <summary>At most this many machines are launched at once.</summary>
        public int MaxParallelLaunches { get; set; } = 4;

        public DockerMachineSettings DockerMachine { get; set; } = new DockerMachineSettings();

        public Ec2LaunchSettings Ec2 { get; set; } = new Ec2LaunchSettings();

        public LocalMachineSettings Local { get; set; } = new LocalMachineSettings();
    }
}
