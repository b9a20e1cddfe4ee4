using System.Text.RegularExpressions;

namespace BlueGreen.Machines.Ssh
{
    /// <summary>
    /// The ssh host keys cloud-init prints to an instance's console: the fingerprint block
    /// (<c>-----BEGIN SSH HOST KEY FINGERPRINTS-----</c>, SHA256 lines; MD5 lines of old images are ignored) and,
    /// on most images, the key block (<c>-----BEGIN SSH HOST KEY KEYS-----</c>). Lines may carry any prefix
    /// (<c>ec2: </c>, <c>[   25.1] </c>, a syslog header). When the console holds several boots, the last complete block
    /// of each kind counts. A key of the key block is trusted only when its own fingerprint is in the fingerprint block.
    /// </summary>
    public sealed class ConsoleHostKeys
    {
        private const string FingerprintsBegin = "-----BEGIN SSH HOST KEY FINGERPRINTS-----";
        private const string FingerprintsEnd = "-----END SSH HOST KEY FINGERPRINTS-----";
        private const string KeysBegin = "-----BEGIN SSH HOST KEY KEYS-----";
        private const string KeysEnd = "-----END SSH HOST KEY KEYS-----";

        private static readonly Regex FingerprintLine = new Regex(
            @"\b\d+\s+(?<fingerprint>SHA256:[A-Za-z0-9+/]{43})\s+.*\((?<family>[A-Za-z0-9-]+)\)\s*$", RegexOptions.CultureInvariant);

        private static readonly Regex KeyLine = new Regex(
            @"(?<algorithm>ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(256|384|521))\s+(?<blob>AAAA[A-Za-z0-9+/]+={0,2})(\s|$)", RegexOptions.CultureInvariant);

        private ConsoleHostKeys(IReadOnlyList<HostKeyFingerprint> fingerprints, IReadOnlyList<HostPublicKey> keys)
        {
            Fingerprints = fingerprints;
            Keys = keys;
            VerifiedKeys = keys.Where(Matches).ToList();
        }

        /// <summary>The SHA256 fingerprints of the last complete fingerprint block (empty: none printed yet).</summary>
        public IReadOnlyList<HostKeyFingerprint> Fingerprints { get; }

        /// <summary>The keys of the last complete key block (empty when the image prints none).</summary>
        public IReadOnlyList<HostPublicKey> Keys { get; }

        /// <summary>The keys of the key block whose fingerprint is in the fingerprint block.</summary>
        public IReadOnlyList<HostPublicKey> VerifiedKeys { get; }

        /// <summary>Whether the fingerprints are there (cloud-init has reached the end of its boot).</summary>
        public bool HasFingerprints => Fingerprints.Count > 0;

        /// <summary>Whether <paramref name="key"/>'s fingerprint is one the console printed, for the same key family.</summary>
        public bool Matches(HostPublicKey key) =>
            Fingerprints.Any(f => string.Equals(f.Family, key.Family, StringComparison.OrdinalIgnoreCase) && string.Equals(f.Fingerprint, key.Fingerprint, StringComparison.Ordinal));

        public static ConsoleHostKeys Parse(string? consoleOutput)
        {
            var fingerprints = new List<HostKeyFingerprint>();
            var keys = new List<HostPublicKey>();
            foreach (List<string> block in Blocks(consoleOutput, FingerprintsBegin, FingerprintsEnd).TakeLast(1))
            {
                foreach (string line in block)
                {
                    Match match = FingerprintLine.Match(line);
                    if (match.Success)
                    {
                        fingerprints.Add(new HostKeyFingerprint(match.Groups["family"].Value.ToUpperInvariant(), match.Groups["fingerprint"].Value));
                    }
                }
            }

            foreach (List<string> block in Blocks(consoleOutput, KeysBegin, KeysEnd).TakeLast(1))
            {
                foreach (string line in block)
                {
                    Match match = KeyLine.Match(line);
                    HostPublicKey? key = match.Success ? HostPublicKey.TryParse(match.Groups["algorithm"].Value, match.Groups["blob"].Value) : null;
                    if (key != null)
                    {
                        keys.Add(key);
                    }
                }
            }

            return new ConsoleHostKeys(fingerprints, keys);
        }

        /// <summary>The lines between each complete begin/end pair (a block cut off by the console's size limit is left out).</summary>
        private static IEnumerable<List<string>> Blocks(string? text, string begin, string end)
        {
            List<string>? current = null;
            foreach (string line in (text ?? string.Empty).Split('\n'))
            {
                if (line.Contains(begin, StringComparison.Ordinal))
                {
                    current = new List<string>();
                }
                else if (line.Contains(end, StringComparison.Ordinal))
                {
                    if (current != null)
                    {
                        yield return current;
                    }

                    current = null;
                }
                else
                {
                    current?.Add(line.TrimEnd('\r'));
                }
            }
        }
    }
}
