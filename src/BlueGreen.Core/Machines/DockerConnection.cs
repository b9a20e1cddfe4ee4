using System;
using System.Collections.Generic;

namespace BlueGreen.Machines
{
    /// <summary>
    /// How the docker client reaches a machine's engine, as data: the DOCKER_* variables docker-machine prints
    /// (tcp:// with TLS) or an ssh:// host. It is handed to docker as its process environment, never eval'd.
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

        /// <summary>DOCKER_HOST: tcp://address:2376 or ssh://user@address.</summary>
        public string Host { get; }

        public bool TlsVerify { get; }

        public string? CertPath { get; }

        public string? MachineName { get; }

        /// <summary>An ssh:// connection as the EC2 provider uses it.</summary>
        public static DockerConnection OverSsh(string user, string address, string? machineName = null) =>
            new DockerConnection($"ssh://{user}@{address}", machineName: machineName);

        /// <summary>
        /// The process environment for docker. Every DOCKER_* variable this connection does not set is mapped to
        /// null (removed), so a DOCKER_HOST left in the caller's session cannot point docker at another engine.
        /// </summary>
        public IReadOnlyDictionary<string, string?> ToEnvironment() => new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [HostVariable] = Host,
            [TlsVerifyVariable] = TlsVerify ? "1" : null,
            [CertPathVariable] = CertPath,
            [MachineNameVariable] = MachineName,
            ["DOCKER_CONTEXT"] = null,
        };

        public override string ToString() => Host;

        /// <summary>What to call the machine in messages: "machine &lt;name&gt;", else "the Docker host &lt;host&gt;".</summary>
        public string Describe() => MachineName != null ? "machine " + MachineName : "the Docker host " + Host;
    }
}
