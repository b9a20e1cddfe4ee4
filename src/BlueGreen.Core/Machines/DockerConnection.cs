namespace BlueGreen.Machines
{
    /// <summary>
    /// How the docker client reaches a machine's engine, as data: the DOCKER_* variables docker-machine prints
    /// (tcp:// with TLS), an ssh:// host, or this host's engine for a Local machine, which also names its compose
    /// project, the directory compose runs in (its snapshot) and the variables compose interpolates (its port, name
    /// and color). It is handed to docker as its process environment, never eval'd.
    /// </summary>
    public sealed class DockerConnection
    {
        public const string HostVariable = "DOCKER_HOST";
        public const string TlsVerifyVariable = "DOCKER_TLS_VERIFY";
        public const string CertPathVariable = "DOCKER_CERT_PATH";
        public const string MachineNameVariable = "DOCKER_MACHINE_NAME";

        public DockerConnection(string host, bool tlsVerify = false, string? certPath = null, string? machineName = null)
        {
            if (string.IsNullOrEmpty(host))
            {
                throw new ArgumentException("A Docker connection needs a host (tcp://... or ssh://...).", nameof(host));
            }

            Host = host;
            TlsVerify = tlsVerify;
            CertPath = certPath;
            MachineName = machineName;
        }

        /// <summary>A machine that is a compose project on an engine of this host (the Local provider's Compose runtime).</summary>
        /// <param name="host">The engine, e.g. unix:///var/run/docker.sock.</param>
        /// <param name="composeProject">The compose project (-p) of the machine's containers.</param>
        /// <param name="projectDirectory">The directory compose runs in (the machine's snapshot).</param>
        /// <param name="variables">Variables for compose and the containers (the port, BLUEGREEN_MACHINE, Machines.Local.Environment).</param>
        public static DockerConnection LocalProject(string host, string machineName, string composeProject, string projectDirectory, IReadOnlyDictionary<string, string?> variables) =>
            new DockerConnection(host, machineName: machineName)
            {
                ComposeProject = string.IsNullOrEmpty(composeProject) ? throw new ArgumentException("A Local compose machine needs a project name.", nameof(composeProject)) : composeProject,
                ProjectDirectory = string.IsNullOrEmpty(projectDirectory) ? throw new ArgumentException("A Local compose machine needs a project directory.", nameof(projectDirectory)) : projectDirectory,
                Variables = variables ?? throw new ArgumentNullException(nameof(variables)),
            };

        /// <summary>DOCKER_HOST: tcp://address:2376, ssh://user@address or unix:///path.</summary>
        public string Host { get; }

        public bool TlsVerify { get; }

        public string? CertPath { get; }

        public string? MachineName { get; }

        /// <summary>The compose project name (-p); null: compose's default (the project directory's name).</summary>
        public string? ComposeProject { get; private set; }

        /// <summary>The directory compose runs in; null: Compose.ProjectDirectory.</summary>
        public string? ProjectDirectory { get; private set; }

        /// <summary>More variables of compose's environment (interpolated into the compose file); a DOCKER_* one cannot override the connection.</summary>
        public IReadOnlyDictionary<string, string?> Variables { get; private set; } = new Dictionary<string, string?>();

        /// <summary>An ssh:// connection as the EC2 provider uses it.</summary>
        public static DockerConnection OverSsh(string user, string address, string? machineName = null) =>
            new DockerConnection($"ssh://{user}@{address}", machineName: machineName);

        /// <summary>
        /// An ssh:// connection with the variables docker and compose need for it (BlueGreen's ssh wrapper first on
        /// PATH, COMPOSE_PARAMIKO_SSH=0) and those the compose file interpolates (BLUEGREEN_MACHINE, BLUEGREEN_MACHINE_ADDRESS).
        /// </summary>
        public static DockerConnection OverSsh(string user, string address, string machineName, IReadOnlyDictionary<string, string?> variables) =>
            new DockerConnection($"ssh://{user}@{address}", machineName: machineName)
            {
                Variables = variables ?? throw new ArgumentNullException(nameof(variables)),
            };

        /// <summary>
        /// The process environment for docker. Every DOCKER_* variable this connection does not set is mapped to
        /// null (removed), so a DOCKER_HOST left in the caller's session cannot point docker at another engine.
        /// </summary>
        public IReadOnlyDictionary<string, string?> ToEnvironment()
        {
            var environment = new Dictionary<string, string?>(Variables, StringComparer.Ordinal)
            {
                [HostVariable] = Host,
                [TlsVerifyVariable] = TlsVerify ? "1" : null,
                [CertPathVariable] = CertPath,
                [MachineNameVariable] = MachineName,
                ["DOCKER_CONTEXT"] = null,
            };
            if (ComposeProject != null)
            {
                // -p is given too; this keeps a COMPOSE_PROJECT_NAME of the caller's session from meaning anything else.
                environment["COMPOSE_PROJECT_NAME"] = ComposeProject;
            }

            return environment;
        }

        public override string ToString() => Host;

        /// <summary>What to call the machine in messages: "machine &lt;name&gt;", else "the Docker host &lt;host&gt;".</summary>
        public string Describe() => MachineName != null ? "machine " + MachineName : "the Docker host " + Host;
    }
}
