using System.Diagnostics;
using System.IO;
using BlueGreen.Sandbox.Model.Compute;

namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// One instance of the host runtime, booting in cloud-init's order on its own task: host keys made at launch;
    /// <c>pending</c> for the configured boot time; sshd up (the instance is <c>running</c>, its console output written);
    /// then, for an image with Docker, dockerd started, the preloaded images loaded, and the engine published where
    /// DOCKER_HOST points. Terminating kills everything it started and frees its address.
    /// </summary>
    internal sealed class HostInstance : IInstanceHost
    {
        private static readonly string[] NoDockerTools = { "sh", "bash", "env", "cat", "ls", "echo", "true", "false", "id", "uname", "hostname", "sleep", "test" };
        private readonly HostFleet _fleet;
        private readonly Ec2Instance _instance;
        private readonly HostInstanceFolder _folder;
        private readonly SshServer _sshd;
        private readonly string? _authorizedKey;
        private readonly Stopwatch _sinceLaunch = Stopwatch.StartNew();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly object _gate = new object();
        private Task _boot = Task.CompletedTask;
        private Task? _teardown;
        private string _phase = "Booting";
        private string _console = string.Empty;

        internal HostInstance(HostFleet fleet, Ec2Instance instance, HostInstanceFolder folder, string? authorizedKey, string image)
        {
            _fleet = fleet;
            _instance = instance;
            _folder = folder;
            _authorizedKey = authorizedKey;
            _sshd = new SshServer(folder, instance.PrivateIpAddress);
            Image = image;
        }

        internal string InstanceId => _instance.InstanceId;

        internal string Address => _instance.PrivateIpAddress;

        /// <summary>Docker, NoDocker or DockerNeverStarts.</summary>
        internal string Image { get; }

        public DateTimeOffset? RunningAt { get; private set; }

        public bool Stopped { get; private set; }

        public string ConsoleOutput
        {
            get
            {
                lock (_gate)
                {
                    return _console;
                }
            }
        }

        public DateTimeOffset? ConsoleTimestamp { get; private set; }

        internal string? Problem { get; private set; }

        internal double? SshUpSeconds { get; private set; }

        internal double? DockerUpSeconds { get; private set; }

        internal double? ImageLoadSeconds { get; private set; }

        private string? DockerHost => Image == "NoDocker" ? null : "unix://" + _folder.DockerSocket;

        internal void Boot() => _boot = Task.Run(BootAsync);

        public void Terminate()
        {
            lock (_gate)
            {
                if (_teardown != null)
                {
                    return;
                }

                _phase = "Stopping";
                _stopping.Cancel();
                _teardown = Task.Run(TearDown);
            }
        }

        /// <summary>Waits until terminating has finished (for the sandbox's Stop).</summary>
        internal void WaitStopped(TimeSpan timeout) => _teardown?.Wait(timeout);

        /// <summary>
        /// The man-in-the-middle hook: new host keys and sshd restarted with them, while the console output keeps showing
        /// the keys it booted with.
        /// </summary>
        internal void ChangeHostKey()
        {
            if (RunningAt == null || _teardown != null)
            {
                throw new InvalidOperationException($"Instance {InstanceId} has no running sshd (it is {_phase}): wait until it is running.");
            }

            SshHostKeySet.Generate(_folder, Comment);
            _sshd.Stop();
            _sshd.Start(TimeSpan.FromSeconds(30), _stopping.Token);
        }

        internal HostInstanceStatus Status()
        {
            IReadOnlyList<int> processes = Stopped ? new List<int>() : HostProcesses.Of(new[] { _folder.Run, _folder.Data });
            return new HostInstanceStatus
            {
                InstanceId = InstanceId,
                Address = Address,
                Image = Image,
                Phase = _phase,
                Problem = Problem,
                SshdProcessId = Live(_folder.SshdPidFile),
                DockerdProcessId = Live(_folder.DockerdPidFile),
                ProcessIds = processes,
                MemoryBytes = HostProcesses.ResidentBytes(processes),
                DockerHost = DockerHost,
                RunFolder = _folder.Run,
                DataFolder = _folder.Data,
                SshUpSeconds = SshUpSeconds,
                DockerUpSeconds = DockerUpSeconds,
                ImageLoadSeconds = ImageLoadSeconds,
            };
        }

        private string Comment => "root@ip-" + Address.Replace('.', '-');

        private async Task BootAsync()
        {
            CancellationToken cancel = _stopping.Token;
            try
            {
                Directory.CreateDirectory(_folder.Run);
                SshHostKeySet keys = SshHostKeySet.Generate(_folder, Comment);
                // What the console announces: the keys sshd serves, except on the impostor image, whose console names
                // another set (made apart, in announced/) than the one its sshd presents.
                SshHostKeySet announced = Image == "ImpostorHostKey" ? AnnouncedImpostorKeys() : keys;
                var environment = new Dictionary<string, string>();
                if (Image == "NoDocker")
                {
                    environment["PATH"] = MakeNoDockerBin();
                }
                else
                {
                    environment["DOCKER_HOST"] = DockerHost!;
                }

                _sshd.Configure(_authorizedKey, environment);
                TimeSpan pending = _fleet.BootTime - _sinceLaunch.Elapsed;
                if (pending > TimeSpan.Zero)
                {
                    await Task.Delay(pending, cancel).ConfigureAwait(false);
                }

                _sshd.Start(TimeSpan.FromSeconds(30), cancel);
                DateTimeOffset booted = _fleet.Now;
                string console = CloudInitConsole.Write(InstanceId, Address, announced, _instance.LaunchTime, booted);
                File.WriteAllText(_folder.ConsoleLog, console);
                lock (_gate)
                {
                    _console = console;
                    ConsoleTimestamp = booted;
                    SshUpSeconds = _sinceLaunch.Elapsed.TotalSeconds;
                    RunningAt = booted;
                    _phase = "SshUp";
                }

                _fleet.Changed();
                if (Image == "Docker" || Image == "ImpostorHostKey")
                {
                    await StartDockerAsync(cancel).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (!cancel.IsCancellationRequested)
            {
                lock (_gate)
                {
                    Problem = ex.Message;
                    _phase = "Failed";
                    // A machine whose services failed is still a running machine to EC2.
                    RunningAt ??= _fleet.Now;
                }

                _fleet.Changed();
            }
        }

        private async Task StartDockerAsync(CancellationToken cancel)
        {
            var engine = new InstanceDockerEngine(_folder);
            engine.Start();
            await engine.WaitUntilAnswersAsync(TimeSpan.FromSeconds(60), cancel).ConfigureAwait(false);
            var load = Stopwatch.StartNew();
            foreach (string archive in _fleet.ImageArchives)
            {
                await engine.LoadAsync(archive, cancel).ConfigureAwait(false);
            }

            ImageLoadSeconds = load.Elapsed.TotalSeconds;
            engine.Publish();
            lock (_gate)
            {
                DockerUpSeconds = _sinceLaunch.Elapsed.TotalSeconds;
                _phase = _teardown == null ? "DockerUp" : _phase;
            }
        }

        /// <summary>The impostor image's announced keys: a second set, in a folder sshd never reads.</summary>
        private SshHostKeySet AnnouncedImpostorKeys()
        {
            var announced = new HostInstanceFolder(Path.Combine(_folder.Run, "announced"), _folder.Data);
            Directory.CreateDirectory(announced.Run);
            return SshHostKeySet.Generate(announced, Comment);
        }

        /// <summary>The NoDocker image's PATH: links to a few basic tools, and no docker.</summary>
        private string MakeNoDockerBin()
        {
            Directory.CreateDirectory(_folder.NoDockerBin);
            foreach (string tool in NoDockerTools)
            {
                string target = Path.Combine("/usr/bin", tool);
                if (File.Exists(target))
                {
                    File.CreateSymbolicLink(Path.Combine(_folder.NoDockerBin, tool), target);
                }
            }

            return _folder.NoDockerBin;
        }

        private void TearDown()
        {
            try
            {
                _boot.Wait(TimeSpan.FromSeconds(60));
            }
            catch (AggregateException)
            {
            }

            var folders = new[] { _folder.Run, _folder.Data };
            for (int attempt = 0; attempt < 3; attempt++)
            {
                IReadOnlyList<int> processes = HostProcesses.Of(folders);
                if (processes.Count == 0)
                {
                    break;
                }

                HostProcesses.KillAndWait(processes, TimeSpan.FromSeconds(10));
            }

            HostFleet.RemoveFolders(new[] { _folder.Run });
            // The engine's data-root (hundreds of MB of image layers) is deleted in the background: the instance is
            // terminated once nothing of it runs any more, as an EC2 instance is before its volume is scrubbed.
            _fleet.Discard(_folder.Data);
            lock (_gate)
            {
                _phase = "Stopped";
                Stopped = true;
            }

            _fleet.Released(this);
        }

        private static int? Live(string pidFile) =>
            HostProcesses.ReadPidFile(pidFile) is int pid && !HostProcesses.IsGone(pid) ? pid : null;
    }
}
