using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using BlueGreen.Sandbox.Hosts;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox.Hosts
{
    public class CloudInitConsoleTests
    {
        private const string Ecdsa = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDxdfPL7Vw1uWoPwaYcBYRl2koVPfwI3q+9QVtphuMFey18u1Jr7Lsyu8Avj1nRSE9dMlRJ4p5k8SfJKn1sPqE0= root@ip-127-0-1-5";
        private const string EcdsaSha256 = "SHA256:Q3JFjeYB+SZZ4xQtffLUQzvObMReSwUJfn4/oiu0pP8";

        [Fact]
        public void Prints_the_fingerprints_and_keys_between_cloud_inits_markers()
        {
            var keys = SshHostKeySet.FromPublicKeys(new[] { Ecdsa, KeyPairStateTests.Ed25519 });
            DateTimeOffset launched = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

            string output = CloudInitConsole.Write("i-0123456789abcdef0", "127.0.1.5", keys, launched, launched.AddSeconds(3));
            string[] lines = output.Split("\r\n");

            int begin = Array.IndexOf(lines, "ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----");
            Assert.True(begin > 0);
            Assert.Equal("ec2: #############################################################", lines[begin - 1]);
            Assert.Equal($"ec2: 256 {EcdsaSha256} root@ip-127-0-1-5 (ECDSA)", lines[begin + 1]);
            Assert.Equal($"ec2: 256 SHA256:{KeyPairStateTests.Ed25519Sha256} root@ip-127-0-1-5 (ED25519)", lines[begin + 2]);
            Assert.Equal("ec2: -----END SSH HOST KEY FINGERPRINTS-----", lines[begin + 3]);
            Assert.Equal("ec2: #############################################################", lines[begin + 4]);
            Assert.Equal("-----BEGIN SSH HOST KEY KEYS-----", lines[begin + 5]);
            Assert.Equal(new[] { Ecdsa, KeyPairStateTests.Ed25519 }, CloudInitConsole.ReadHostKeys(output));
            Assert.Contains(lines, l => l.StartsWith("Cloud-init v. ", StringComparison.Ordinal) && l.Contains("finished at", StringComparison.Ordinal));
        }

        [Fact]
        public void Its_fingerprints_are_what_ssh_keygen_computes_from_the_printed_keys()
        {
            if (!File.Exists("/usr/bin/ssh-keygen"))
            {
                return; // The constant vectors above still hold; ssh-keygen is part of openssh-client.
            }

            var keys = SshHostKeySet.FromPublicKeys(new[] { Ecdsa, KeyPairStateTests.Ed25519 });
            string output = CloudInitConsole.Write("i-0123456789abcdef0", "127.0.1.5", keys, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
            string file = Path.GetTempFileName();
            try
            {
                foreach (string key in CloudInitConsole.ReadHostKeys(output))
                {
                    File.WriteAllText(file, key + "\n");
                    string listed = HostCommand.Check("/usr/bin/ssh-keygen", new[] { "-l", "-f", file }, TimeSpan.FromSeconds(30)).Trim();
                    Assert.Contains("ec2: " + listed, output.Split("\r\n"));
                }
            }
            finally
            {
                File.Delete(file);
            }

            Assert.Equal(2, Regex.Matches(output, "^ec2: 256 SHA256:", RegexOptions.Multiline).Count);
        }
    }
}
