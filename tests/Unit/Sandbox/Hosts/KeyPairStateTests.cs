using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Protocol;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox.Hosts
{
    public class KeyPairStateTests
    {
        // Made with ssh-keygen; the fingerprints are what ssh-keygen -l and openssl (MD5 of the DER public key) print.
        internal const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIDU/osrjarZPN73Cze1jfjYFbVbBXxAF8FK4KN2p2qR root@ip-127-0-1-5";
        internal const string Ed25519Sha256 = "S3Ye3Xpl2KoF9VvR91/SppiKtVGFkI1wIe8UW+O87bA";
        private const string Rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDb+Sd4DB6r6YiJO0bf21SZ0zYB07z2e1SB5qFNfwU/9FpJNfJ92gjHTKukpD2ydUu3TagL8O7LApz+YhaCgwPDQj7+4QJ9GNUykMGMBGbqss5jOoRtNDe16uXQTDYfB0r12x3efJXpP6I4bGq+4P3Kp8/btaJEG49Z9MMNy9XyTw== x";
        private const string RsaMd5OfDer = "7e:ce:43:bb:0e:98:a7:b1:f1:0a:9e:e5:dc:d3:26:29";
        private static readonly IReadOnlyList<KeyValuePair<string, string>> NoTags = new List<KeyValuePair<string, string>>();

        [Fact]
        public void Imported_keys_get_EC2s_fingerprints_and_ids()
        {
            KeyPairState keys = new SandboxWorldFixture().World.KeyPairs;

            KeyPair ed = keys.Import("deploy", Ed25519, new[] { new KeyValuePair<string, string>("team", "shop") });
            KeyPair rsa = keys.Import("legacy", Rsa, NoTags);

            Assert.Matches("^key-[0-9a-f]{17}$", ed.KeyPairId);
            Assert.Equal(Ed25519Sha256 + "=", ed.Fingerprint);
            Assert.Equal("ed25519", ed.KeyType);
            Assert.Equal(RsaMd5OfDer, rsa.Fingerprint);
            Assert.Equal("rsa", rsa.KeyType);
            Assert.StartsWith(string.Join(" ", Ed25519.Split(' ').Take(2)), ed.PublicKey, StringComparison.Ordinal);
            Assert.Equal("shop", ed.Tags["team"]);
        }

        [Theory]
        [InlineData("not a key")]
        [InlineData("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAAAgQDb")]
        [InlineData("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDxdfPL7Vw1uWoPwaYcBYRl2koVPfwI3q+9QVtphuMFey18u1Jr7Lsyu8Avj1nRSE9dMlRJ4p5k8SfJKn1sPqE0=")]
        public void Material_that_is_not_an_OpenSSH_rsa_or_ed25519_key_is_InvalidKey_Format(string material)
        {
            KeyPairState keys = new SandboxWorldFixture().World.KeyPairs;
            Assert.Equal("InvalidKey.Format", Assert.Throws<AwsErrorException>(() => keys.Import("k", material, NoTags)).Code);
        }

        [Fact]
        public void Duplicates_missing_names_and_ids_are_EC2s_errors()
        {
            KeyPairState keys = new SandboxWorldFixture().World.KeyPairs;
            KeyPair deploy = keys.Import("deploy", Ed25519, NoTags);

            Assert.Equal("InvalidKeyPair.Duplicate", Assert.Throws<AwsErrorException>(() => keys.Import("deploy", Rsa, NoTags)).Code);
            Assert.Equal("InvalidKeyPair.NotFound", Assert.Throws<AwsErrorException>(() => keys.Get("nobody")).Code);
            Assert.Equal("InvalidKeyPair.NotFound", Assert.Throws<AwsErrorException>(() => keys.Describe(new[] { "nobody" }, Array.Empty<string>(), QueryParameters.Empty)).Code);
            Assert.Equal("InvalidKeyPair.NotFound", Assert.Throws<AwsErrorException>(() => keys.Delete(null, "key-0123456789abcdef0")).Code);
            Assert.Equal("InvalidKeyPair.Malformed", Assert.Throws<AwsErrorException>(() => keys.Delete(null, "deploy")).Code);
            Assert.Equal("MissingParameter", Assert.Throws<AwsErrorException>(() => keys.Import(null, Ed25519, NoTags)).Code);

            // As in EC2, deleting a name that does not exist succeeds.
            Assert.Null(keys.Delete("nobody", null));
            Assert.Equal(deploy.KeyPairId, keys.Delete(null, deploy.KeyPairId));
            Assert.Empty(keys.KeyPairs);
        }

        [Fact]
        public void Describe_filters_by_name_id_fingerprint_and_tag()
        {
            KeyPairState keys = new SandboxWorldFixture().World.KeyPairs;
            KeyPair deploy = keys.Import("deploy", Ed25519, new[] { new KeyValuePair<string, string>("team", "shop") });
            KeyPair legacy = keys.Import("legacy", Rsa, NoTags);

            Assert.Equal(new[] { legacy }, keys.Describe(Array.Empty<string>(), Array.Empty<string>(), Filter("key-name", "leg*")));
            Assert.Equal(new[] { deploy }, keys.Describe(Array.Empty<string>(), Array.Empty<string>(), Filter("tag:team", "shop")));
            Assert.Equal(new[] { legacy }, keys.Describe(Array.Empty<string>(), Array.Empty<string>(), Filter("fingerprint", RsaMd5OfDer)));
            Assert.Equal(new[] { deploy }, keys.Describe(Array.Empty<string>(), new[] { deploy.KeyPairId }, QueryParameters.Empty));
            Assert.Equal("InvalidParameterValue", Assert.Throws<AwsErrorException>(() => keys.Describe(Array.Empty<string>(), Array.Empty<string>(), Filter("owner", "x"))).Code);
        }

        [Fact]
        public void Created_rsa_keys_are_PKCS1_PEM_with_the_SHA1_of_their_PKCS8_form_and_ppk_is_refused()
        {
            KeyPairState keys = new SandboxWorldFixture().World.KeyPairs;

            KeyValuePair<KeyPair, string> created = keys.Create("made", null, null, NoTags);

            Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", created.Value, StringComparison.Ordinal);
            using RSA rsa = RSA.Create();
            rsa.ImportFromPem(created.Value);
            Assert.Equal(SshPublicKey.ColonHex(SHA1.HashData(rsa.ExportPkcs8PrivateKey())), created.Key.Fingerprint);
            Assert.Equal("rsa", created.Key.KeyType);
            Assert.Equal("InvalidParameterValue", Assert.Throws<AwsErrorException>(() => keys.Create("putty", "rsa", "ppk", NoTags)).Code);
            Assert.Equal("InvalidParameterValue", Assert.Throws<AwsErrorException>(() => keys.Create("dsa", "dsa", null, NoTags)).Code);
        }

        private static QueryParameters Filter(string name, string value) =>
            new QueryParameters(new Dictionary<string, string> { ["Filter.1.Name"] = name, ["Filter.1.Value.1"] = value });
    }
}
