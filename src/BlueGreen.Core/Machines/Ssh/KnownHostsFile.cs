using System.Collections.Concurrent;
using System.IO;
using System.Text;

namespace BlueGreen.Machines.Ssh
{
    /// <summary>
    /// The known-hosts file BlueGreen keeps (never ~/.ssh/known_hosts): one line per verified key,
    /// <c>&lt;address&gt; &lt;algorithm&gt; &lt;blob&gt; bluegreen:&lt;instance id&gt;</c>. Every change is made under a lock
    /// (a <c>&lt;file&gt;.lock</c> held with an exclusive flock, so launches in this process and in others take turns)
    /// and lands by an atomic rename, so ssh never reads half a file. Lines BlueGreen did not write for the address
    /// it changes (@cert-authority, hashed hosts, other addresses) are kept as they are.
    /// </summary>
    public sealed class KnownHostsFile
    {
        private const string Marker = "bluegreen:";
        private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);

        public KnownHostsFile(string path)
        {
            if (string.IsNullOrEmpty(path) || !System.IO.Path.IsPathRooted(path))
            {
                throw new ArgumentException("The known-hosts file needs an absolute path.", nameof(path));
            }

            Path = System.IO.Path.GetFullPath(path);
        }

        public string Path { get; }

        /// <summary>How long a change waits for another process's change to finish.</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The keys recorded for <paramref name="address"/> (plain host entries only).</summary>
        public IReadOnlyList<HostPublicKey> KeysOf(string address) =>
            ReadLines().Where(l => IsFor(l, address)).Select(ParseKey).Where(k => k != null).Select(k => k!).ToList();

        /// <summary>Whether the file has an entry for <paramref name="address"/> recorded for <paramref name="instanceId"/> (any entry when null).</summary>
        public bool Has(string address, string? instanceId) =>
            ReadLines().Any(l => IsFor(l, address) && (instanceId == null || InstanceOf(l) == instanceId));

        /// <summary>Replaces every entry of <paramref name="address"/> with <paramref name="keys"/> (a reused address: the old instance's keys go).</summary>
        public Task ReplaceAsync(string address, IReadOnlyList<HostPublicKey> keys, string? instanceId, CancellationToken cancellationToken)
        {
            if (keys == null || keys.Count == 0)
            {
                throw new ArgumentException("Recording a host needs at least one verified key.", nameof(keys));
            }

            CheckToken(address, nameof(address));
            if (instanceId != null)
            {
                CheckToken(instanceId, nameof(instanceId));
            }

            return ChangeAsync(lines => lines.Where(l => !IsFor(l, address))
                .Concat(keys.Select(k => $"{address} {k.Algorithm} {k.Blob}" + (instanceId == null ? string.Empty : " " + Marker + instanceId))), cancellationToken);
        }

        /// <summary>
        /// Removes the entries of <paramref name="address"/> recorded for <paramref name="instanceId"/> (or with no
        /// instance named); an entry another instance now owns at that address is kept.
        /// </summary>
        public Task RemoveAsync(string address, string? instanceId, CancellationToken cancellationToken)
        {
            if (!File.Exists(Path))
            {
                return Task.CompletedTask;
            }

            return ChangeAsync(lines => lines.Where(l => !(IsFor(l, address) && (instanceId == null || InstanceOf(l) == null || InstanceOf(l) == instanceId))), cancellationToken);
        }

        private async Task ChangeAsync(Func<IEnumerable<string>, IEnumerable<string>> change, CancellationToken cancellationToken)
        {
            SemaphoreSlim gate = InProcess.GetOrAdd(Path, _ => new SemaphoreSlim(1, 1));
            if (!await gate.WaitAsync(LockTimeout, cancellationToken).ConfigureAwait(false))
            {
                throw Locked();
            }

            try
            {
                string directory = System.IO.Path.GetDirectoryName(Path)!;
                if (!Directory.Exists(directory))
                {
                    if (OperatingSystem.IsWindows())
                    {
                        Directory.CreateDirectory(directory);
                    }
                    else
                    {
                        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    }
                }

                using FileStream lockFile = await LockAsync(cancellationToken).ConfigureAwait(false);
                var text = new StringBuilder();
                foreach (string line in change(ReadLines()))
                {
                    text.Append(line).Append('\n');
                }

                string temporary = Path + "." + Guid.NewGuid().ToString("n").Substring(0, 12) + ".tmp";
                try
                {
                    var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                    if (!OperatingSystem.IsWindows())
                    {
                        options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                    }

                    using (var stream = new FileStream(temporary, options))
                    {
                        byte[] bytes = new UTF8Encoding(false).GetBytes(text.ToString());
                        await stream.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
                        stream.Flush(true);
                    }

                    File.Move(temporary, Path, overwrite: true);
                }
                finally
                {
                    if (File.Exists(temporary))
                    {
                        File.Delete(temporary);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>The lock file, held with FileShare.None (an exclusive flock on Unix) until disposed; retried until <see cref="LockTimeout"/>.</summary>
        private async Task<FileStream> LockAsync(CancellationToken cancellationToken)
        {
            DateTime deadline = DateTime.UtcNow + LockTimeout;
            while (true)
            {
                try
                {
                    return new FileStream(Path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(25, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    throw Locked(ex);
                }
            }
        }

        private BlueGreenException Locked(Exception? inner = null) => new BlueGreenException("KnownHostsFileLocked", FailureCategory.ResourceBusy,
            $"The known-hosts file {Path} stayed locked by another BlueGreen process for {LockTimeout.TotalSeconds:0} s. Check for a hung BlueGreen process, then try again.", Path, inner);

        private List<string> ReadLines()
        {
            try
            {
                return File.ReadAllLines(Path).Where(l => l.Length > 0).ToList();
            }
            catch (FileNotFoundException)
            {
                return new List<string>();
            }
            catch (DirectoryNotFoundException)
            {
                return new List<string>();
            }
        }

        /// <summary>A plain entry whose comma-separated host list names <paramref name="address"/> (markers and hashed hosts never match).</summary>
        private static bool IsFor(string line, string address)
        {
            string[] fields = Fields(line);
            return fields.Length >= 3 && !fields[0].StartsWith("@", StringComparison.Ordinal) && !fields[0].StartsWith("#", StringComparison.Ordinal)
                && fields[0].Split(',').Any(h => string.Equals(h, address, StringComparison.OrdinalIgnoreCase));
        }

        private static string? InstanceOf(string line) =>
            Fields(line).Skip(3).FirstOrDefault(f => f.StartsWith(Marker, StringComparison.Ordinal))?.Substring(Marker.Length);

        private static HostPublicKey? ParseKey(string line)
        {
            string[] fields = Fields(line);
            return fields.Length >= 3 ? HostPublicKey.TryParse(fields[1], fields[2]) : null;
        }

        private static string[] Fields(string line) => line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);

        private static void CheckToken(string value, string name)
        {
            if (string.IsNullOrEmpty(value) || value.Any(c => char.IsWhiteSpace(c) || c == ',' || c == '#' || c == '@' || char.IsControl(c)))
            {
                throw new ArgumentException($"'{value}' cannot be written into a known-hosts line.", name);
            }
        }
    }
}
