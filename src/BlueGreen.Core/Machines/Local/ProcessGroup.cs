using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace BlueGreen.Machines.Local
{
    /// <summary>
    /// A POSIX process group: a Local machine's gunicorn master and workers share one (gunicorn --daemon calls
    /// setsid), so they are found, signalled and verified gone together, from any later pwsh session. Members are
    /// read from /proc on Linux (zombies count as gone); elsewhere kill(-pgid, 0) says whether any is left.
    /// </summary>
    public static class ProcessGroup
    {
        public const int SigTerm = 15;
        public const int SigKill = 9;

        private static readonly bool HasProc = Directory.Exists("/proc/self");

        /// <summary>The process group of <paramref name="pid"/>, or null when there is no such process.</summary>
        public static int? Of(int pid)
        {
            int group = getpgid(pid);
            return group > 0 ? group : (int?)null;
        }

        /// <summary>The live (not zombie) processes of group <paramref name="pgid"/>.</summary>
        public static IReadOnlyList<int> Members(int pgid)
        {
            var members = new List<int>();
            if (!HasProc)
            {
                if (kill(-pgid, 0) == 0)
                {
                    members.Add(pgid);
                }

                return members;
            }

            foreach (string directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                    && ReadStat(pid) is (char state, int group) && group == pgid && state != 'Z' && state != 'X')
                {
                    members.Add(pid);
                }
            }

            return members;
        }

        /// <summary>
        /// The groups of live processes whose command line contains <paramref name="fragment"/> (Linux: read from
        /// /proc; elsewhere none are found). For cleaning up after a launch that was stopped before its pid file existed.
        /// </summary>
        public static IReadOnlyList<int> GroupsRunning(string fragment)
        {
            var groups = new List<int>();
            if (!HasProc)
            {
                return groups;
            }

            foreach (string directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                    && ReadStat(pid) is (char state, int group) && state != 'Z' && state != 'X' && !groups.Contains(group)
                    && CommandLineOf(pid) is string commandLine && commandLine.Contains(fragment, StringComparison.Ordinal))
                {
                    groups.Add(group);
                }
            }

            return groups;
        }

        /// <summary>True when <paramref name="pid"/> runs (a zombie does not).</summary>
        public static bool IsAlive(int pid)
        {
            if (pid <= 0)
            {
                return false;
            }

            if (HasProc)
            {
                return ReadStat(pid) is (char state, int _) && state != 'Z' && state != 'X';
            }

            return kill(pid, 0) == 0;
        }

        /// <summary>The command line of <paramref name="pid"/> (arguments joined by spaces) where /proc has it; otherwise null.</summary>
        public static string? CommandLineOf(int pid)
        {
            try
            {
                return HasProc ? File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim() : null;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>
        /// SIGTERM to the whole group, then, if any member is left after <paramref name="grace"/>, SIGKILL; returns
        /// true when SIGKILL was needed. Throws ProcessGroupSurvived when members are left even after SIGKILL.
        /// </summary>
        public static async Task<bool> StopAsync(int pgid, TimeSpan grace, CancellationToken cancellationToken)
        {
            EnsureNotOurs(pgid);
            if (Members(pgid).Count == 0)
            {
                return false;
            }

            Signal(pgid, SigTerm);
            if (await WaitUntilEmptyAsync(pgid, grace, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            Signal(pgid, SigKill);
            if (await WaitUntilEmptyAsync(pgid, TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false))
            {
                return true;
            }

            throw new BlueGreenException("ProcessGroupSurvived", FailureCategory.ResourceUnavailable,
                $"Processes {string.Join(", ", Members(pgid))} of process group {pgid} are still running after SIGTERM and SIGKILL. Check them with 'ps -g {pgid}'.", pgid);
        }

        private static void Signal(int pgid, int signal)
        {
            if (kill(-pgid, signal) != 0)
            {
                int error = Marshal.GetLastWin32Error();
                const int NoSuchProcess = 3;
                if (error != NoSuchProcess)
                {
                    throw new BlueGreenException("ProcessGroupSignalFailed", FailureCategory.PermissionDenied,
                        $"Sending signal {signal} to process group {pgid} failed (errno {error}). Check who owns it with 'ps -g {pgid}'.", pgid);
                }
            }
        }

        private static async Task<bool> WaitUntilEmptyAsync(int pgid, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (Members(pgid).Count == 0)
                {
                    return true;
                }

                if (clock.Elapsed >= timeout)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Never signal group 0/1 or our own group (a corrupt record must not stop pwsh).</summary>
        private static void EnsureNotOurs(int pgid)
        {
            if (pgid <= 1 || pgid == getpgid(0))
            {
                throw new BlueGreenException("ProcessGroupRefused", FailureCategory.InvalidArgument,
                    $"Process group {pgid} is {(pgid <= 1 ? "not a machine's" : "this session's own")}; it is not signalled. The machine's record is wrong: stop its processes by hand.", pgid);
            }
        }

        /// <summary>State letter and process group of <paramref name="pid"/> from /proc/&lt;pid&gt;/stat, or null when it is gone.</summary>
        private static (char, int)? ReadStat(int pid)
        {
            string text;
            try
            {
                text = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }

            // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'.
            int end = text.LastIndexOf(')');
            string[] fields = end < 0 ? Array.Empty<string>() : text.Substring(end + 1).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 3 && fields[0].Length == 1 && int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int group)
                ? (fields[0][0], group)
                : ((char, int)?)null;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);

        [DllImport("libc", SetLastError = true)]
        private static extern int getpgid(int pid);
    }
}
