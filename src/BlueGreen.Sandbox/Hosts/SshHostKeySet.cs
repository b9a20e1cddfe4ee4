using System.IO;
using BlueGreen.Sandbox.Model.Compute;

namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// An instance's ssh host keys, generated with <c>ssh-keygen</c> at launch (ECDSA and ED25519; RSA is slow to make
    /// and adds nothing here), commented <c>root@ip-127-0-1-5</c> as cloud-init's keys are.
    /// </summary>
    internal sealed class SshHostKeySet
    {
        /// <summary>The key types, in the order sshd's config and cloud-init's console list them.</summary>
        internal static readonly IReadOnlyList<string> Types = new[] { "ecdsa", "ed25519" };

        private SshHostKeySet(IReadOnlyList<string> publicKeyLines)
        {
            PublicKeyLines = publicKeyLines;
        }

        /// <summary>Each key's public line (<c>ssh-ed25519 AAAA... root@ip-127-0-1-5</c>), in <see cref="Types"/> order.</summary>
        internal IReadOnlyList<string> PublicKeyLines { get; }

        /// <summary>A key set from public key lines already made (for tests of the console output).</summary>
        internal static SshHostKeySet FromPublicKeys(IReadOnlyList<string> publicKeyLines) => new SshHostKeySet(publicKeyLines);

        /// <summary>Makes new keys in the folder (replacing any), and returns them.</summary>
        internal static SshHostKeySet Generate(HostInstanceFolder folder, string comment)
        {
            var lines = new List<string>();
            foreach (string type in Types)
            {
                string path = folder.HostKey(type);
                File.Delete(path);
                File.Delete(path + ".pub");
                HostCommand.Check(HostRuntime.SshKeygen, new[] { "-q", "-t", type, "-N", string.Empty, "-C", comment, "-f", path }, TimeSpan.FromSeconds(30));
                lines.Add(File.ReadAllText(path + ".pub").Trim());
            }

            return new SshHostKeySet(lines);
        }

        /// <summary>What cloud-init prints for each key: <c>256 SHA256:... root@ip-127-0-1-5 (ECDSA)</c>.</summary>
        internal IEnumerable<string> FingerprintLines() => PublicKeyLines.Select(line =>
        {
            string[] fields = line.Split(' ', 3);
            SshPublicKey key = SshPublicKey.TryParse(line) ?? throw new InvalidOperationException($"ssh-keygen wrote an unreadable key: {line}");
            string label = fields[0] == "ssh-ed25519" ? "ED25519" : fields[0].StartsWith("ecdsa", StringComparison.Ordinal) ? "ECDSA" : "RSA";
            return $"256 {key.OpenSshFingerprint()} {(fields.Length > 2 ? fields[2] : string.Empty)} ({label})";
        });
    }
}
