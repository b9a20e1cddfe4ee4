using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using BlueGreen.Diagnostics;
using BlueGreen.Machines.Ssh;
using Xunit;
using static BlueGreen.Tests.Unit.Machines.Ssh.SampleHostKeys;

namespace BlueGreen.Tests.Unit.Machines.Ssh
{
    public sealed class HostKeyVerifierTests : IDisposable
    {
        private static readonly SshTarget Target = new SshTarget("shop-0a1b2c3d", "i-0123456789abcdef0", "10.0.0.5", "ubuntu", null, "deploy", new[] { "sg-0a1b" });

        private readonly string _directory = Path.Combine(Path.GetTempPath(), "bg-verify-" + Guid.NewGuid().ToString("n").Substring(0, 8));

        public void Dispose()
        {
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, true);
            }
        }

        [Fact]
        public void A_presented_key_with_the_consoles_fingerprint_is_trusted_with_the_consoles_verified_keys()
        {
            var trusted = HostKeyVerifier.Decide(Target, ConsoleHostKeys.Parse(Console()), new[] { Key(InstanceEd25519) });
            Assert.Equal(new[] { InstanceEcdsa, InstanceEd25519, InstanceRsa }, trusted.Select(k => k.Text).OrderBy(t => t));
        }

        [Fact]
        public void Without_a_key_block_only_the_presented_keys_that_match_are_trusted()
        {
            var trusted = HostKeyVerifier.Decide(Target, ConsoleHostKeys.Parse(Console(withKeys: false)), new[] { Key(InstanceEd25519), Key(InstanceEcdsa) });
            Assert.Equal(new[] { InstanceEcdsa, InstanceEd25519 }, trusted.Select(k => k.Text).OrderBy(t => t));
        }

        [Fact]
        public void A_presented_key_the_console_lists_with_another_fingerprint_is_a_mismatch_naming_both()
        {
            BlueGreenException error = Assert.Throws<BlueGreenException>(() =>
                HostKeyVerifier.Decide(Target, ConsoleHostKeys.Parse(Console()), new[] { Key(InstanceEcdsa), Key(OtherEd25519) }));

            Assert.Equal("HostKeyMismatch", error.ErrorId);
            Assert.Equal(FailureCategory.SecurityError, error.Category);
            Assert.Contains(OtherEd25519Fingerprint, error.Message);
            Assert.Contains(InstanceEd25519Fingerprint, error.Message);
            Assert.Contains("shop-0a1b2c3d", error.Message);
        }

        [Fact]
        public void Presented_keys_of_families_the_console_does_not_list_prove_nothing()
        {
            ConsoleHostKeys onlyEd25519 = ConsoleHostKeys.Parse(Console(fingerprints: new[] { $"256 {InstanceEd25519Fingerprint} root@x (ED25519)" }, withKeys: false));
            BlueGreenException error = Assert.Throws<BlueGreenException>(() => HostKeyVerifier.Decide(Target, onlyEd25519, new[] { Key(OtherRsa) }));
            Assert.Equal("HostKeyMismatch", error.ErrorId);
            Assert.Single(HostKeyVerifier.Decide(Target, onlyEd25519, new[] { Key(OtherRsa), Key(InstanceEd25519) }));
        }

        [Fact]
        public void Keyscan_output_is_read_for_the_address_only()
        {
            var keys = HostKeyVerifier.ParseScan("10.0.0.5", new[] { "# 10.0.0.5:22 SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", "10.0.0.5 " + InstanceEd25519, "10.0.0.9 " + OtherRsa, "10.0.0.5 ssh-rsa garbage" });
            Assert.Equal(new[] { InstanceEd25519 }, keys.Select(k => k.Text));
        }

        [Fact]
        public async Task Verify_waits_for_the_fingerprints_then_records_the_trusted_keys()
        {
            var ec2 = new InMemoryEc2Client();
            Instance instance = ec2.Add("shop-0a1b2c3d", "shop");
            ec2.ConsoleOutput = (_, poll) => poll < 3 ? "[    1.0] cloud-init[500]: running 'init'\n" : Console();
            var runner = new RecordingCommandRunner().When(a => a.Contains("-t"), output: new[] { "10.0.0.5 " + InstanceEcdsa, "10.0.0.5 " + InstanceEd25519 });
            var file = new KnownHostsFile(Path.Combine(_directory, "known_hosts"));
            var verifier = new HostKeyVerifier(ec2, runner, "ssh-keyscan", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), file, NullOperationReporter.Instance) { FirstPollInterval = TimeSpan.FromMilliseconds(1) };
            var target = new SshTarget("shop-0a1b2c3d", instance.InstanceId, "10.0.0.5", "ubuntu", null, "deploy");

            await verifier.VerifyAsync(target, null, CancellationToken.None);

            Assert.Equal(3, ec2.ConsoleOutputRequests.Count);
            Assert.Equal(new[] { "-T", "5", "-t", "ecdsa,ed25519,rsa", "10.0.0.5" }, Assert.Single(runner.Requests).Arguments);
            Assert.Equal(3, file.KeysOf("10.0.0.5").Count);
            Assert.True(file.Has("10.0.0.5", instance.InstanceId));
        }

        [Fact]
        public async Task No_fingerprints_by_the_deadline_names_the_instance_and_records_nothing()
        {
            var ec2 = new InMemoryEc2Client();
            Instance instance = ec2.Add("shop-0a1b2c3d", "shop");
            var runner = new RecordingCommandRunner();
            var file = new KnownHostsFile(Path.Combine(_directory, "known_hosts"));
            var verifier = new HostKeyVerifier(ec2, runner, "ssh-keyscan", TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5), file, NullOperationReporter.Instance) { FirstPollInterval = TimeSpan.FromMilliseconds(20) };

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                verifier.VerifyAsync(new SshTarget("shop-0a1b2c3d", instance.InstanceId, "10.0.0.5", "ubuntu", null, null), null, CancellationToken.None));

            Assert.Equal("HostKeyFingerprintsMissing", error.ErrorId);
            Assert.Equal(FailureCategory.OperationTimeout, error.Category);
            Assert.Contains(instance.InstanceId, error.Message);
            Assert.True(ec2.ConsoleOutputRequests.Count >= 2);
            Assert.Empty(runner.Requests);
            Assert.False(File.Exists(file.Path));
        }

        [Fact]
        public async Task An_address_that_never_answers_is_unreachable_naming_port_22_and_the_security_group()
        {
            var ec2 = new InMemoryEc2Client();
            Instance instance = ec2.Add("shop-0a1b2c3d", "shop");
            ec2.ConsoleOutput = (_, _) => Console();
            var runner = new RecordingCommandRunner().When(_ => true, exitCode: 1, error: "connect (`10.0.0.5'): Connection refused\n");
            var file = new KnownHostsFile(Path.Combine(_directory, "known_hosts"));
            var verifier = new HostKeyVerifier(ec2, runner, "ssh-keyscan", TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(5), file, NullOperationReporter.Instance) { FirstPollInterval = TimeSpan.FromMilliseconds(20) };

            BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                verifier.VerifyAsync(new SshTarget("shop-0a1b2c3d", instance.InstanceId, "10.0.0.5", "ubuntu", null, null, new[] { "sg-0a1b" }), null, CancellationToken.None));

            Assert.Equal("MachineUnreachable", error.ErrorId);
            Assert.Equal(FailureCategory.ConnectionError, error.Category);
            Assert.Contains("port 22", error.Message);
            Assert.Contains("sg-0a1b", error.Message);
            Assert.Contains("Connection refused", error.Message);
            // Retried within the window (1.5 s, so that a loaded machine still fits a second attempt in it).
            Assert.True(runner.Requests.Count >= 2, $"{runner.Requests.Count} attempt(s)");
        }
    }
}
