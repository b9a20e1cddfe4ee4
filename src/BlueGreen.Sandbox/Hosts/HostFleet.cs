using System.Globalization;
using System.IO;
using BlueGreen.Sandbox.Model.Compute;

namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// The host instances of one sandbox: their address pool, their folders under <c>RUNROOT/sandbox-PORT/</c> and
    /// <c>DATAROOT/sandbox-PORT/</c> (with an <c>owner</c> file naming the sandbox's process), and the clean-up of what a
    /// sandbox that was killed left behind (its owner process gone): its processes, mounts and folders.
    /// </summary>
    internal sealed class HostFleet(SandboxOptions options, Action changed) : IInstanceHosts, IDisposable
    {
        private readonly SandboxOptions _options = options;
        private readonly Action _changed = changed;
        private HostAddressBlock? _block;
        private HostAddressPool? _pool;
        private readonly List<HostInstance> _instances = new List<HostInstance>();
        private readonly List<System.Threading.Tasks.Task> _discarding = new List<System.Threading.Tasks.Task>();
        private string _run = string.Empty;
        private string _data = string.Empty;

        internal HostImages Images { get; } = new HostImages();

        internal TimeSpan BootTime => _options.InstanceBootTime;

        internal IReadOnlyList<string> ImageArchives => _options.HostImageArchives.ToList();

        internal DateTimeOffset Now => _options.Clock();

        /// <summary>Makes this sandbox's folders (after cleaning what killed sandboxes left) once its port is known.</summary>
        internal void Open(int port)
        {
            _run = Path.Combine(_options.HostRunRoot, "sandbox-" + port.ToString(CultureInfo.InvariantCulture));
            _data = Path.Combine(_options.HostDataRoot, "sandbox-" + port.ToString(CultureInfo.InvariantCulture));

            // Sandboxes starting side by side (in other processes) take turns: otherwise two would clean one stale
            // folder at once, or one would take another's folder for stale before its owner file is written.
            using (FileStream turn = TakeTurn(_options.HostRunRoot, TimeSpan.FromMinutes(3)))
            {
                CleanStale(_options.HostRunRoot, _options.HostDataRoot);
                RemoveFolders(new[] { _run, _data });
                Directory.CreateDirectory(_run);
                File.WriteAllText(Path.Combine(_run, "owner"), Owner(Environment.ProcessId) + "\n");
            }

            _block = HostAddressBlock.Claim(_options.HostRunRoot, _options.HostAddressPrefix);
            _pool = new HostAddressPool(_block.Prefix, HostRuntime.ListenersOnPort22);
        }

        public IReadOnlyList<string> AllocateAddresses(int minCount, int maxCount) =>
            (_pool ?? throw new InvalidOperationException("The host fleet is not open yet.")).Allocate(minCount, maxCount);

        public IInstanceHost Launch(Ec2Instance instance, string? authorizedKey)
        {
            string image = instance.ImageId == Images.NoDocker ? "NoDocker"
                : instance.ImageId == Images.DockerNeverStarts ? "DockerNeverStarts"
                : instance.ImageId == Images.ImpostorHostKey ? "ImpostorHostKey"
                : "Docker";
            var folder = new HostInstanceFolder(Path.Combine(_run, instance.InstanceId), Path.Combine(_data, instance.InstanceId));
            var host = new HostInstance(this, instance, folder, authorizedKey, image);
            lock (_instances)
            {
                _instances.Add(host);
            }

            host.Boot();
            return host;
        }

        internal HostInstance Find(string instanceId)
        {
            lock (_instances)
            {
                return _instances.FirstOrDefault(i => i.InstanceId == instanceId)
                    ?? throw new ArgumentException($"No host instance '{instanceId}' runs in this sandbox (terminated, or launched with the simulated runtime).");
            }
        }

        internal IReadOnlyList<HostInstanceStatus> Statuses()
        {
            List<HostInstance> instances;
            lock (_instances)
            {
                instances = _instances.ToList();
            }

            return instances.Select(i => i.Status()).ToList();
        }

        /// <summary>Terminates every host instance and waits until all are gone (Stop, Reset).</summary>
        internal void TerminateAll()
        {
            List<HostInstance> instances;
            lock (_instances)
            {
                instances = _instances.ToList();
            }

            instances.ForEach(i => i.Terminate());
            instances.ForEach(i => i.WaitStopped(TimeSpan.FromSeconds(90)));
        }

        public void Dispose()
        {
            TerminateAll();
            lock (_discarding)
            {
                System.Threading.Tasks.Task.WaitAll(_discarding.ToArray(), TimeSpan.FromSeconds(120));
            }

            if (_run.Length > 0)
            {
                RemoveFolders(new[] { _run, _data });
            }

            _block?.Dispose();
        }

        internal void Changed() => _changed();

        /// <summary>Moves a folder nothing uses any more aside and deletes it in the background (Dispose waits for it).</summary>
        internal void Discard(string folder)
        {
            if (!Directory.Exists(folder))
            {
                return;
            }

            HostProcesses.UnmountUnder(folder);
            string trash = Path.Combine(_data, ".discarded-" + Guid.NewGuid().ToString("n"));
            Directory.Move(folder, trash);
            lock (_discarding)
            {
                _discarding.Add(System.Threading.Tasks.Task.Run(() => RemoveFolders(new[] { trash })));
            }
        }

        internal void Released(HostInstance instance)
        {
            _pool?.Release(instance.Address);
            lock (_instances)
            {
                _instances.Remove(instance);
            }

            _changed();
        }

        /// <summary>Unmounts what is mounted under the folders and deletes them.</summary>
        internal static void RemoveFolders(IEnumerable<string> folders)
        {
            foreach (string folder in folders.Where(Directory.Exists))
            {
                HostProcesses.UnmountUnder(folder);
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>
        /// Removes the folders, processes and mounts of sandboxes whose owner process is gone (killed before it could
        /// stop its instances): every sandbox-* folder whose owner file names a process that is not running any more.
        /// </summary>
        internal static void CleanStale(string runRoot, string dataRoot)
        {
            var stale = new List<string>();
            foreach (string root in new[] { runRoot, dataRoot }.Where(Directory.Exists))
            {
                foreach (string folder in Directory.GetDirectories(root, "sandbox-*"))
                {
                    string name = Path.GetFileName(folder);
                    string owner = Path.Combine(runRoot, name, "owner");
                    string? recorded = File.Exists(owner) ? File.ReadAllText(owner).Trim() : null;
                    if (recorded == null || !int.TryParse(recorded.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || Owner(pid) != recorded)
                    {
                        stale.Add(folder);
                    }
                }
            }

            if (stale.Count == 0)
            {
                return;
            }

            for (int attempt = 0; attempt < 3; attempt++)
            {
                IReadOnlyList<int> processes = HostProcesses.Of(stale);
                if (processes.Count == 0)
                {
                    break;
                }

                HostProcesses.KillAndWait(processes, TimeSpan.FromSeconds(10));
            }

            RemoveFolders(stale);
        }

        /// <summary>
        /// Waits for the exclusive lock on <c>RUNROOT/fleet.lock</c> (flock, which .NET takes for FileShare.None on Linux,
        /// released when the stream is closed or the process dies) that the opening of a host fleet holds.
        /// </summary>
        private static FileStream TakeTurn(string runRoot, TimeSpan timeout)
        {
            Directory.CreateDirectory(runRoot);
            string path = Path.Combine(runRoot, "fleet.lock");
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException) when (waited.Elapsed < timeout)
                {
                    System.Threading.Thread.Sleep(100);
                }
                catch (IOException ex)
                {
                    throw new InvalidOperationException($"Another sandbox has held {path} for {timeout.TotalSeconds:0} s while opening its host fleet; stop it (Stop-BgSandbox) or end its process, then try again.", ex);
                }
            }
        }

        /// <summary>A process as the owner file names it: its pid and start time (so a reused pid is not taken for it).</summary>
        internal static string Owner(int pid)
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                string[] fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                return pid.ToString(CultureInfo.InvariantCulture) + " " + fields[19];
            }
            catch (IOException)
            {
                return "gone";
            }
        }
    }
}
