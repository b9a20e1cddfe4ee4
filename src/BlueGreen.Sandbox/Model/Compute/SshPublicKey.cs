using System.Security.Cryptography;
using System.Text;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>
    /// An OpenSSH public key (<c>ssh-rsa AAAA... comment</c> or <c>ssh-ed25519 AAAA...</c>, the two types EC2 takes)
    /// and the fingerprints EC2 reports for it: for an imported RSA key the MD5 of its DER SubjectPublicKeyInfo, for an
    /// ED25519 key (imported or created) the base64 SHA-256 of its SSH blob, and the OpenSSH SHA256 form host keys show.
    /// </summary>
    internal sealed class SshPublicKey
    {
        private SshPublicKey(string algorithm, byte[] blob, byte[]? rsaExponent, byte[]? rsaModulus)
        {
            Algorithm = algorithm;
            Blob = blob;
            RsaExponent = rsaExponent;
            RsaModulus = rsaModulus;
        }

        /// <summary><c>ssh-rsa</c>, <c>ssh-ed25519</c> (or, for host keys, <c>ecdsa-sha2-nistp256</c>).</summary>
        internal string Algorithm { get; }

        /// <summary>The key in SSH wire format (the base64 field of the one-line form, decoded).</summary>
        internal byte[] Blob { get; }

        private byte[]? RsaExponent { get; }

        private byte[]? RsaModulus { get; }

        /// <summary>EC2's key type: rsa or ed25519.</summary>
        internal string KeyType => Algorithm == "ssh-rsa" ? "rsa" : "ed25519";

        /// <summary>The one-line form without a comment.</summary>
        internal string OpenSshLine => Algorithm + " " + Convert.ToBase64String(Blob);

        /// <summary>Reads ImportKeyPair's material: an OpenSSH one-line public key; InvalidKey.Format otherwise, as EC2 says.</summary>
        internal static SshPublicKey ParseImported(string text)
        {
            SshPublicKey? key = TryParse(text);
            if (key == null || (key.Algorithm != "ssh-rsa" && key.Algorithm != "ssh-ed25519"))
            {
                throw new AwsErrorException("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
            }

            return key;
        }

        /// <summary>Reads a one-line OpenSSH public key (any algorithm); null when it is not one.</summary>
        internal static SshPublicKey? TryParse(string text)
        {
            string[] fields = text.Trim().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                return null;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(fields[1]);
            }
            catch (FormatException)
            {
                return null;
            }

            var reader = new SshWireReader(blob);
            string? algorithm = reader.String() is byte[] name ? Encoding.ASCII.GetString(name) : null;
            if (algorithm != fields[0])
            {
                return null;
            }

            if (algorithm == "ssh-rsa")
            {
                byte[]? exponent = reader.String();
                byte[]? modulus = reader.String();
                return exponent == null || modulus == null || !reader.AtEnd ? null
                    : new SshPublicKey(algorithm, blob, Unsigned(exponent), Unsigned(modulus));
            }

            if (algorithm == "ssh-ed25519")
            {
                byte[]? point = reader.String();
                return point == null || point.Length != 32 || !reader.AtEnd ? null : new SshPublicKey(algorithm, blob, null, null);
            }

            return reader.AtEnd || algorithm == null ? null : new SshPublicKey(algorithm, blob, null, null);
        }

        /// <summary>What EC2's ImportKeyPair reports: MD5 of the DER public key (RSA), base64 SHA-256 (ED25519).</summary>
        internal string ImportedFingerprint()
        {
            if (Algorithm != "ssh-rsa")
            {
                return Convert.ToBase64String(SHA256.HashData(Blob));
            }

            using RSA rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Exponent = RsaExponent, Modulus = RsaModulus });
            return ColonHex(MD5.HashData(rsa.ExportSubjectPublicKeyInfo()));
        }

        /// <summary>OpenSSH's form, as <c>ssh-keygen -l</c> and cloud-init print it: <c>SHA256:</c> and base64 without padding.</summary>
        internal string OpenSshFingerprint() => "SHA256:" + Convert.ToBase64String(SHA256.HashData(Blob)).TrimEnd('=');

        internal static string ColonHex(byte[] digest) => string.Join(":", digest.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

        private static byte[] Unsigned(byte[] mpint) => mpint.SkipWhile((b, i) => b == 0 && i < mpint.Length - 1).ToArray();

        /// <summary>Reads SSH's length-prefixed strings.</summary>
        private sealed class SshWireReader
        {
            private readonly byte[] _data;
            private int _offset;

            internal SshWireReader(byte[] data)
            {
                _data = data;
            }

            internal bool AtEnd => _offset == _data.Length;

            internal byte[]? String()
            {
                if (_data.Length - _offset < 4)
                {
                    return null;
                }

                int length = (_data[_offset] << 24) | (_data[_offset + 1] << 16) | (_data[_offset + 2] << 8) | _data[_offset + 3];
                if (length < 0 || length > _data.Length - _offset - 4)
                {
                    return null;
                }

                byte[] value = _data.AsSpan(_offset + 4, length).ToArray();
                _offset += 4 + length;
                return value;
            }
        }
    }
}
