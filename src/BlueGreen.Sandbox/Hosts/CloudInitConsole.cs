using System.Globalization;
using System.Text;

namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// An instance's console output as cloud-init prints it on EC2: a few boot lines, then the ssh host key
    /// fingerprints between <c>ec2: ###</c> lines and the host keys themselves (what a client should trust, read through
    /// GetConsoleOutput rather than from the network), then cloud-init's final line.
    /// </summary>
    internal static class CloudInitConsole
    {
        internal const string FingerprintsBegin = "-----BEGIN SSH HOST KEY FINGERPRINTS-----";
        internal const string FingerprintsEnd = "-----END SSH HOST KEY FINGERPRINTS-----";
        internal const string KeysBegin = "-----BEGIN SSH HOST KEY KEYS-----";
        internal const string KeysEnd = "-----END SSH HOST KEY KEYS-----";
        private const string Rule = "#############################################################";

        internal static string Write(string instanceId, string address, SshHostKeySet keys, DateTimeOffset launchedAt, DateTimeOffset bootedAt)
        {
            double up = Math.Max(0.5, (bootedAt - launchedAt).TotalSeconds);
            string when(double fraction) => launchedAt.AddSeconds(up * fraction).UtcDateTime
                .ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
            string seconds(double fraction) => (up * fraction).ToString("0.00", CultureInfo.InvariantCulture);
            var lines = new List<string>
            {
                "[    0.000000] Linux version 6.1.0-sandbox (BlueGreen sandbox host instance) #1 SMP",
                $"[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz root=LABEL=cloudimg-rootfs console=ttyS0 instance={instanceId}",
                $"Cloud-init v. 22.4.2 running 'init-local' at {when(0.2)}. Up {seconds(0.2)} seconds.",
                $"Cloud-init v. 22.4.2 running 'init' at {when(0.4)}. Up {seconds(0.4)} seconds.",
                "ci-info: ++++++++++++++++++++++++++++++++++++++Net device info+++++++++++++++++++++++++++++++++++++++",
                $"ci-info: |  lo  | True |  {address}  | 255.0.0.0 | host |   .   |",
                "Generating public/private ecdsa key pair.",
                "Generating public/private ed25519 key pair.",
                $"Cloud-init v. 22.4.2 running 'modules:config' at {when(0.8)}. Up {seconds(0.8)} seconds.",
                "ec2: ",
                "ec2: " + Rule,
                "ec2: " + FingerprintsBegin,
            };
            lines.AddRange(keys.FingerprintLines().Select(l => "ec2: " + l));
            lines.Add("ec2: " + FingerprintsEnd);
            lines.Add("ec2: " + Rule);
            lines.Add(KeysBegin);
            lines.AddRange(keys.PublicKeyLines);
            lines.Add(KeysEnd);
            lines.Add($"Cloud-init v. 22.4.2 running 'modules:final' at {when(1)}. Up {seconds(1)} seconds.");
            lines.Add($"Cloud-init v. 22.4.2 finished at {when(1)}. Datasource DataSourceEc2Local.  Up {seconds(1)} seconds");
            var text = new StringBuilder();
            foreach (string line in lines)
            {
                text.Append(line).Append("\r\n");
            }

            return text.ToString();
        }

        /// <summary>The host keys between the KEYS markers of a console output (what a client trusts).</summary>
        internal static IReadOnlyList<string> ReadHostKeys(string output)
        {
            string[] lines = output.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
            int begin = Array.IndexOf(lines, KeysBegin);
            int end = Array.IndexOf(lines, KeysEnd);
            return begin < 0 || end < begin ? Array.Empty<string>() : lines.Skip(begin + 1).Take(end - begin - 1).ToList();
        }
    }
}
