using System.IO;
using System.Security.Cryptography;
using System.Text;
using BlueGreen.Sandbox.Hosts;

namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>
    /// A key pair CreateKeyPair makes, as EC2 returns it: an RSA key as PKCS#1 PEM (<c>BEGIN RSA PRIVATE KEY</c>, 2048
    /// bits) with the SHA-1 of its DER PKCS#8 form as fingerprint; an ED25519 key in OpenSSH's format (made by
    /// <c>ssh-keygen</c>, .NET has no ED25519) with the base64 SHA-256 of its public blob.
    /// </summary>
    internal sealed class CreatedKeyMaterial
    {
        private CreatedKeyMaterial(string privateKey, SshPublicKey publicKey, string fingerprint)
        {
            PrivateKey = privateKey;
            PublicKey = publicKey;
            Fingerprint = fingerprint;
        }

        internal string PrivateKey { get; }

        internal SshPublicKey PublicKey { get; }

        internal string Fingerprint { get; }

        internal static CreatedKeyMaterial Generate(string keyType) => keyType == "ed25519" ? Ed25519() : Rsa();

        private static CreatedKeyMaterial Rsa()
        {
            using RSA rsa = RSA.Create(2048);
            RSAParameters parameters = rsa.ExportParameters(false);
            var blob = new MemoryStream();
            WriteString(blob, Encoding.ASCII.GetBytes("ssh-rsa"));
            WriteString(blob, Mpint(parameters.Exponent!));
            WriteString(blob, Mpint(parameters.Modulus!));
            SshPublicKey publicKey = SshPublicKey.TryParse("ssh-rsa " + Convert.ToBase64String(blob.ToArray()))!;
            string fingerprint = SshPublicKey.ColonHex(SHA1.HashData(rsa.ExportPkcs8PrivateKey()));
            return new CreatedKeyMaterial(rsa.ExportRSAPrivateKeyPem(), publicKey, fingerprint);
        }

        private static CreatedKeyMaterial Ed25519()
        {
            string folder = Directory.CreateTempSubdirectory("bluegreen-key-").FullName;
            try
            {
                string path = Path.Combine(folder, "key");
                HostCommand.Check(HostRuntime.SshKeygen, new[] { "-q", "-t", "ed25519", "-N", string.Empty, "-C", string.Empty, "-f", path }, TimeSpan.FromSeconds(30));
                SshPublicKey publicKey = SshPublicKey.TryParse(File.ReadAllText(path + ".pub"))
                    ?? throw new InvalidOperationException("ssh-keygen wrote a public key the sandbox cannot read.");
                return new CreatedKeyMaterial(File.ReadAllText(path).TrimEnd('\n'), publicKey, Convert.ToBase64String(SHA256.HashData(publicKey.Blob)));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static byte[] Mpint(byte[] unsigned) =>
            unsigned.Length > 0 && unsigned[0] >= 0x80 ? Prepend0(unsigned) : unsigned;

        private static byte[] Prepend0(byte[] value)
        {
            var result = new byte[value.Length + 1];
            value.CopyTo(result, 1);
            return result;
        }

        private static void WriteString(Stream stream, byte[] value)
        {
            stream.Write(new[] { (byte)(value.Length >> 24), (byte)(value.Length >> 16), (byte)(value.Length >> 8), (byte)value.Length });
            stream.Write(value);
        }
    }
}
