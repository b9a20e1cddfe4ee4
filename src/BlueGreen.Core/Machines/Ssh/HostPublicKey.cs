using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BlueGreen.Machines.Ssh
{
    /// <summary>
    /// An ssh host public key as OpenSSH writes it (<c>ssh-ed25519 AAAA...</c>): its algorithm, its blob (base64) and
    /// its SHA256 fingerprint, computed as <c>ssh-keygen -l</c> does (SHA-256 of the blob, base64 without padding).
    /// </summary>
    public sealed class HostPublicKey
    {
        private HostPublicKey(string algorithm, string blob, string fingerprint)
        {
            Algorithm = algorithm;
            Blob = blob;
            Fingerprint = fingerprint;
        }

        /// <summary>ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa, ...</summary>
        public string Algorithm { get; }

        /// <summary>The key blob, base64 as in a known_hosts line.</summary>
        public string Blob { get; }

        /// <summary>SHA256:&lt;base64 without padding&gt;.</summary>
        public string Fingerprint { get; }

        /// <summary>The family cloud-init names in its fingerprint lines: ED25519, ECDSA, RSA, DSA (else the algorithm).</summary>
        public string Family => FamilyOf(Algorithm);

        /// <summary><c>&lt;algorithm&gt; &lt;blob&gt;</c>, as in known_hosts after the host.</summary>
        public string Text => Algorithm + " " + Blob;

        /// <summary>The family of an OpenSSH key algorithm (what cloud-init prints in parentheses).</summary>
        public static string FamilyOf(string algorithm) => algorithm switch
        {
            "ssh-ed25519" => "ED25519",
            "ssh-rsa" => "RSA",
            "ssh-dss" => "DSA",
            _ when algorithm.StartsWith("ecdsa-sha2-", StringComparison.Ordinal) => "ECDSA",
            _ => algorithm.ToUpperInvariant(),
        };

        /// <summary>
        /// Parses "<c>algorithm base64 [comment]</c>" (the comment ignored). Null when the text is not a key, its
        /// base64 is broken, or the algorithm named inside the blob is not the one written before it.
        /// </summary>
        public static HostPublicKey? TryParse(string algorithm, string base64)
        {
            if (string.IsNullOrEmpty(algorithm) || string.IsNullOrEmpty(base64))
            {
                return null;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                return null;
            }

            if (blob.Length < 4)
            {
                return null;
            }

            int length = BinaryPrimitives.ReadInt32BigEndian(blob);
            if (length <= 0 || length > blob.Length - 4 || Encoding.ASCII.GetString(blob, 4, length) != algorithm)
            {
                return null;
            }

            return new HostPublicKey(algorithm, base64, FingerprintOf(blob));
        }

        /// <summary>SHA256:&lt;base64 of the SHA-256 of the blob, without '=' padding&gt;.</summary>
        public static string FingerprintOf(byte[] blob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');

        public override string ToString() => $"{Algorithm} {Fingerprint}";
    }
}
