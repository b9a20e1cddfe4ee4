using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// The processes and mounts a host instance leaves on this machine, found through /proc: every process whose command
    /// line names one of its folders (sshd -f, dockerd --exec-root, its containerd, the containerd shims) and every
    /// descendant of those (ssh sessions, containers), and the mounts under its folders (overlay, netns).
    /// </summary>
    internal static class HostProcesses
    {
        private const int SigKill = 9;
        private const int MntDetach = 2;

        /// <summary>Whether the process has exited (gone, or a zombie nobody reaped yet).</summary>
        internal static bool IsGone(int pid)
        {
            string? stat = ReadStat(pid);
            if (stat == null)
            {
                return true;
            }

            char state = stat[stat.LastIndexOf(')') + 2];
            return state == 'Z' || state == 'X';
        }

        /// <summary>The pid in a pid file, or null when there is none or it cannot be read.</summary>
        internal static int? ReadPidFile(string path)
        {
            try
            {
                return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>Processes whose command line holds any of these paths, with all their descendants.</summary>
        internal static IReadOnlyList<int> Of(IReadOnlyCollection<string> paths)
        {
            var parents = new Dictionary<int, int>();
            var roots = new HashSet<int>();
            foreach (int pid in AllPids())
            {
                string? stat = ReadStat(pid);
                if (stat == null || IsGone(pid))
                {
                    continue;
                }

                string[] fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                string commandLine = ReadCommandLine(pid);
                if (paths.Any(p => commandLine.Contains(p, StringComparison.Ordinal)))
                {
                    roots.Add(pid);
                }
            }

            var found = new HashSet<int>(roots);
            bool grew = true;
            while (grew)
            {
                grew = false;
                foreach (KeyValuePair<int, int> process in parents)
                {
                    if (!found.Contains(process.Key) && found.Contains(process.Value))
                    {
                        grew = found.Add(process.Key) || grew;
                    }
                }
            }

            found.Remove(Environment.ProcessId);
            return found.OrderBy(p => p).ToList();
        }

        /// <summary>SIGKILL to each, then waits (up to the timeout) for all of them to be gone.</summary>
        internal static bool KillAndWait(IReadOnlyList<int> pids, TimeSpan timeout)
        {
            foreach (int pid in pids)
            {
                _ = kill(pid, SigKill);
            }

            DateTime deadline = DateTime.UtcNow + timeout;
            while (pids.Any(p => !IsGone(p)))
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                System.Threading.Thread.Sleep(50);
            }

            return true;
        }

        /// <summary>The resident memory of these processes together, in bytes (VmRSS).</summary>
        internal static long ResidentBytes(IEnumerable<int> pids)
        {
            long total = 0;
            foreach (int pid in pids)
            {
                try
                {
                    string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                    if (line != null)
                    {
                        total += long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                    }
                }
                catch (IOException)
                {
                }
            }

            return total;
        }

        /// <summary>Detaches every mount at or under the folder, deepest first (dockerd killed leaves overlay and netns mounts).</summary>
        internal static void UnmountUnder(string folder)
        {
            string root = folder.TrimEnd('/');
            List<string> mounts = File.ReadLines("/proc/self/mountinfo")
                .Select(l => l.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
                .Where(m => m == root || m.StartsWith(root + "/", StringComparison.Ordinal))
                .OrderByDescending(m => m.Length)
                .ToList();
            foreach (string mount in mounts)
            {
                _ = umount2(mount, MntDetach);
            }
        }

        private static IEnumerable<int> AllPids()
        {
            foreach (string entry in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                {
                    yield return pid;
                }
            }
        }

        private static string? ReadStat(int pid)
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static string ReadCommandLine(int pid)
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return string.Empty;
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);

        [DllImport("libc", SetLastError = true)]
        private static extern int umount2(string target, int flags);
    }
}
