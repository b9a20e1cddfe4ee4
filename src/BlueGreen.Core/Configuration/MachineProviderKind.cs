namespace BlueGreen.Configuration
{
    /// <summary>Which provider launches and removes machines.</summary>
    public enum MachineProviderKind
    {
        /// <summary>docker-machine with the amazonec2 driver, as the original scripts did.</summary>
        DockerMachine,

        /// <summary>EC2 RunInstances directly; Docker is reached over ssh://.</summary>
        Ec2,
    }
}
