using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Machines.Ssh;
using Xunit;
using static BlueGreen.Tests.Unit.Machines.Ssh.SampleHostKeys;

namespace BlueGreen.Tests.Unit.Machines.Ssh
{
    public sealed class KnownHostsFileTests : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "bg-known-hosts-" + Guid.NewGuid().ToString("n").Substring(0, 8));

        private string FilePath => Path.Combine(_directory, "state", "known_hosts");

        public void Dispose()
        {
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, true);
            }
        }

        [Fact]
        public async Task A_reused_address_gets_the_new_instances_keys_only()
        {
            var file = new KnownHostsFile(FilePath);
            await file.ReplaceAsync("10.0.0.5", new[] { Key(OtherEd25519), Key(OtherEcdsa) }, "i-old", CancellationToken.None);
            await file.ReplaceAsync("10.0.0.6", new[] { Key(OtherRsa) }, "i-neighbour", CancellationToken.None);

            await file.ReplaceAsync("10.0.0.5", new[] { Key(InstanceEd25519) }, "i-new", CancellationToken.None);

            Assert.Equal(new[] { InstanceEd25519 }, file.KeysOf("10.0.0.5").Select(k => k.Text));
            Assert.Equal(new[] { OtherRsa }, file.KeysOf("10.0.0.6").Select(k => k.Text));
            Assert.Contains($"10.0.0.5 {InstanceEd25519} bluegreen:i-new", File.ReadAllLines(FilePath));
            Assert.True(file.Has("10.0.0.5", "i-new"));
            Assert.False(file.Has("10.0.0.5", "i-old"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(FilePath)!), f => !f.EndsWith(".lock", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Remove_takes_the_machines_entries_and_leaves_what_it_did_not_write()
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            File.WriteAllLines(FilePath, new[] { "@cert-authority *.internal " + OtherEd25519, "|1|hashedsalt=|hashedhost= " + OtherRsa });
            var file = new KnownHostsFile(FilePath);
            await file.ReplaceAsync("10.0.0.5", new[] { Key(InstanceEd25519), Key(InstanceEcdsa) }, "i-1", CancellationToken.None);
            await file.ReplaceAsync("10.0.0.7", new[] { Key(InstanceRsa) }, "i-2", CancellationToken.None);

            await file.RemoveAsync("10.0.0.5", "i-other", CancellationToken.None);
            Assert.Equal(2, file.KeysOf("10.0.0.5").Count);

            await file.RemoveAsync("10.0.0.5", "i-1", CancellationToken.None);

            Assert.Empty(file.KeysOf("10.0.0.5"));
            string[] lines = File.ReadAllLines(FilePath);
            Assert.Contains("@cert-authority *.internal " + OtherEd25519, lines);
            Assert.Contains(lines, l => l.StartsWith("|1|", StringComparison.Ordinal));
            Assert.Single(file.KeysOf("10.0.0.7"));
        }

        [Fact]
        public async Task Removing_from_a_file_that_does_not_exist_creates_nothing()
        {
            await new KnownHostsFile(FilePath).RemoveAsync("10.0.0.5", "i-1", CancellationToken.None);
            Assert.False(File.Exists(FilePath));
        }

        [Fact]
        public async Task Concurrent_launches_in_one_and_in_several_file_objects_lose_no_entry()
        {
            // Each KnownHostsFile opens the lock file itself: two of them conflict as two processes do (an exclusive
            // flock per open file); the in-process gate only spares the retries.
            KnownHostsFile[] writers = Enumerable.Range(0, 4).Select(_ => new KnownHostsFile(FilePath)).ToArray();
            string[] keys = { InstanceEd25519, InstanceEcdsa, InstanceRsa, OtherEd25519, OtherEcdsa, OtherRsa };

            await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() =>
                writers[i % writers.Length].ReplaceAsync($"10.0.1.{i}", new[] { Key(keys[i % keys.Length]) }, $"i-{i}", CancellationToken.None))));
            await Task.WhenAll(Enumerable.Range(0, 60).Where(i => i % 3 == 0).Select(i => Task.Run(() =>
                writers[(i + 1) % writers.Length].RemoveAsync($"10.0.1.{i}", $"i-{i}", CancellationToken.None))));

            string[] lines = File.ReadAllLines(FilePath);
            Assert.Equal(40, lines.Length);
            for (int i = 0; i < 60; i++)
            {
                Assert.Equal(i % 3 == 0 ? 0 : 1, writers[0].KeysOf($"10.0.1.{i}").Count);
            }

            Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(FilePath)!), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_lock_held_elsewhere_times_out_with_a_clear_error()
        {
            var file = new KnownHostsFile(FilePath) { LockTimeout = TimeSpan.FromMilliseconds(300) };
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            using (new FileStream(FilePath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                BlueGreen.Diagnostics.BlueGreenException error = await Assert.ThrowsAsync<BlueGreen.Diagnostics.BlueGreenException>(() =>
                    file.ReplaceAsync("10.0.0.5", new[] { Key(InstanceEd25519) }, "i-1", CancellationToken.None));
                Assert.Equal("KnownHostsFileLocked", error.ErrorId);
                Assert.Contains(FilePath, error.Message);
            }
        }

        [Fact]
        public async Task Nothing_that_could_break_a_line_is_written()
        {
            var file = new KnownHostsFile(FilePath);
            await Assert.ThrowsAsync<ArgumentException>(() => file.ReplaceAsync("10.0.0.5 evil", new[] { Key(InstanceEd25519) }, "i-1", CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentException>(() => file.ReplaceAsync("10.0.0.5", Array.Empty<HostPublicKey>(), "i-1", CancellationToken.None));
        }
    }
}
