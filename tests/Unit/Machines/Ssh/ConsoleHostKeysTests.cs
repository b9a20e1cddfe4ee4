using System.Linq;
using BlueGreen.Machines.Ssh;
using Xunit;
using static BlueGreen.Tests.Unit.Machines.Ssh.SampleHostKeys;

namespace BlueGreen.Tests.Unit.Machines.Ssh
{
    public sealed class ConsoleHostKeysTests
    {
        [Theory]
        [InlineData("ec2")]
        [InlineData("ubuntu")]
        public void Reads_both_blocks_through_prefixes_and_line_ends(string style)
        {
            ConsoleHostKeys console = ConsoleHostKeys.Parse(Console(style));

            Assert.Equal(new[] { "ECDSA " + InstanceEcdsaFingerprint, "ED25519 " + InstanceEd25519Fingerprint, "RSA " + InstanceRsaFingerprint },
                console.Fingerprints.Select(f => f.Family + " " + f.Fingerprint));
            Assert.Equal(new[] { InstanceEcdsa, InstanceEd25519, InstanceRsa }, console.Keys.Select(k => k.Text));
            Assert.Equal(3, console.VerifiedKeys.Count);
        }

        [Fact]
        public void The_fingerprints_suffice_when_the_image_prints_no_keys()
        {
            ConsoleHostKeys console = ConsoleHostKeys.Parse(Console(withKeys: false));

            Assert.True(console.HasFingerprints);
            Assert.Equal(3, console.Fingerprints.Count);
            Assert.Empty(console.Keys);
            Assert.True(console.Matches(Key(InstanceEd25519)));
            Assert.False(console.Matches(Key(OtherEd25519)));
        }

        [Fact]
        public void A_console_still_booting_or_cut_off_has_no_fingerprints()
        {
            Assert.False(ConsoleHostKeys.Parse(null).HasFingerprints);
            Assert.False(ConsoleHostKeys.Parse("[    0.000000] Linux version 6.2.0-1017-aws\n[    1.2] cloud-init[500]: Cloud-init v. 23.1 running 'init-local'\n").HasFingerprints);
            string full = Console();
            string cut = full.Substring(0, full.IndexOf("-----END SSH HOST KEY FINGERPRINTS-----", System.StringComparison.Ordinal));
            Assert.False(ConsoleHostKeys.Parse(cut).HasFingerprints);
        }

        [Fact]
        public void A_key_the_fingerprints_do_not_vouch_for_is_not_verified()
        {
            ConsoleHostKeys console = ConsoleHostKeys.Parse(Console(keys: new[] { InstanceEcdsa, OtherEd25519, InstanceRsa }));

            Assert.Equal(3, console.Keys.Count);
            Assert.Equal(new[] { InstanceEcdsa, InstanceRsa }, console.VerifiedKeys.Select(k => k.Text));
        }

        [Fact]
        public void Md5_fingerprints_of_old_images_are_not_trusted()
        {
            ConsoleHostKeys console = ConsoleHostKeys.Parse(Console(fingerprints: new[] { "2048 1f:2e:3d:4c:5b:6a:79:88:97:a6:b5:c4:d3:e2:f1:00 root@ip-10-0-0-5 (RSA)" }, withKeys: false));
            Assert.False(console.HasFingerprints);
        }

        [Fact]
        public void After_a_reboot_the_last_blocks_count()
        {
            string first = Console(fingerprints: new[] { $"256 {OtherEd25519Fingerprint} root@old (ED25519)" }, keys: new[] { OtherEd25519 });
            ConsoleHostKeys console = ConsoleHostKeys.Parse(first + Console());

            Assert.Equal(3, console.Fingerprints.Count);
            Assert.DoesNotContain(console.Fingerprints, f => f.Fingerprint == OtherEd25519Fingerprint);
            Assert.False(console.Matches(Key(OtherEd25519)));
        }

        [Fact]
        public void Fingerprints_are_computed_as_ssh_keygen_prints_them()
        {
            Assert.Equal(InstanceEcdsaFingerprint, Key(InstanceEcdsa).Fingerprint);
            Assert.Equal(InstanceEd25519Fingerprint, Key(InstanceEd25519).Fingerprint);
            Assert.Equal(InstanceRsaFingerprint, Key(InstanceRsa).Fingerprint);
            Assert.Equal("ECDSA", Key(InstanceEcdsa).Family);
        }

        [Fact]
        public void A_blob_that_names_another_algorithm_is_no_key()
        {
            string ed25519Blob = InstanceEd25519.Split(' ')[1];
            Assert.Null(HostPublicKey.TryParse("ssh-rsa", ed25519Blob));
            Assert.Null(HostPublicKey.TryParse("ssh-ed25519", "not base64!"));
        }
    }
}
