using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Machines.Ssh;
using static BlueGreen.Tests.Unit.Machines.Ssh.SampleHostKeys;

namespace BlueGreen.Tests.Unit.Machines.Ssh
{
    /// <summary>
    /// An EC2 provider wired to fakes that behave as the real ones: the in-memory EC2 client's instances print
    /// cloud-init's console, ssh-keyscan (a recorded command) reads <see cref="PresentedKeys"/> from any address, and
    /// <c>docker version</c> answers <see cref="DockerReply"/>. Files go to a temporary folder, removed on Dispose.
    /// </summary>
    internal sealed class SshTestWorld : IDisposable
    {
        internal SshTestWorld(Action<Ec2LaunchSettings>? configure = null)
        {
            Directory = Path.Combine(Path.GetTempPath(), "bg-ssh-world-" + Guid.NewGuid().ToString("n").Substring(0, 8));
            Settings = new MachineSettings
            {
                Prefix = "shop-",
                Ec2 = new Ec2LaunchSettings
                {
                    ImageId = "ami-0abcdef1234567890",
                    InstanceType = "t3.small",
                    SecurityGroupIds = new[] { "sg-1" },
                    KeyName = "deploy",
                    SshUser = "admin",
                    Ssh = new Ec2SshSettings { KnownHostsFile = Path.Combine(Directory, "state", "known_hosts"), HostKeyTimeout = TimeSpan.FromSeconds(5), DockerTimeout = TimeSpan.FromSeconds(5) },
                },
            };
            configure?.Invoke(Settings.Ec2);
            Ec2.ConsoleOutput = (_, poll) => poll < 2 ? string.Empty : Console();
            Runner = new RecordingCommandRunner()
                .When(a => a.Contains("ecdsa,ed25519,rsa"), request => new RecordingCommandRunner.Reply(0, PresentedKeys.Select(k => request.Arguments.Last() + " " + k).ToList(), string.Empty, TimeSpan.Zero))
                .When(a => a.Count > 0 && a[0] == "version", _ => DockerReply);
            Ssh = new SshAccess(Ec2, Runner, "docker", Settings.Ec2, NullOperationReporter.Instance, Path.Combine(Directory, "state"));
            Ssh.Verifier.FirstPollInterval = TimeSpan.FromMilliseconds(1);
            Ssh.Readiness.FirstPollInterval = TimeSpan.FromMilliseconds(1);
            Provider = new Ec2MachineProvider(Ec2, "shop", Settings, Ssh, NullOperationReporter.Instance) { FirstPollInterval = TimeSpan.FromMilliseconds(1) };
        }

        internal string Directory { get; }

        internal InMemoryEc2Client Ec2 { get; } = new InMemoryEc2Client();

        internal MachineSettings Settings { get; }

        internal RecordingCommandRunner Runner { get; }

        internal SshAccess Ssh { get; }

        internal Ec2MachineProvider Provider { get; }

        /// <summary>What the address presents to ssh-keyscan (default: the instance's own ED25519 and ECDSA keys).</summary>
        internal IReadOnlyList<string> PresentedKeys { get; set; } = new[] { InstanceEd25519, InstanceEcdsa };

        internal RecordingCommandRunner.Reply DockerReply { get; set; } = new RecordingCommandRunner.Reply(0, new[] { "24.0.7" }, string.Empty, TimeSpan.Zero);

        internal KnownHostsFile KnownHosts => Ssh.KnownHosts;

        public void Dispose()
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, true);
            }
        }
    }
}
