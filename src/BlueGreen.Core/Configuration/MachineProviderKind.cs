namespace BlueGreen.Configuration
{
    /// <summary>Which provider launches and removes machines.</summary>
    public enum MachineProviderKind
    {
        /// <summary>docker-machine with the amazonec2 driver, as the original scripts did.</summary>
        DockerMachine,

        /// <summary>EC2 RunInstances directly; Docker is reached over ssh://.</summary>
        Ec2,

        /// <summary>
        /// A gunicorn process on this host serving a snapshot of the app directory, recorded as an instance of a
        /// loopback sandbox's EC2 (private IP 127.0.0.1, its port in the tag bluegreen:port). Refuses any other endpoint.
        /// </summary>
        Local,
    }
}
