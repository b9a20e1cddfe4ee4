using System;
using System.Diagnostics;
using System.IO;
using BlueGreen.Sandbox.Hosts;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox.Hosts
{
    public class HostFleetCleanupTests
    {
        [Fact]
        public void Removes_what_a_killed_sandbox_left_and_keeps_a_live_sandboxs_folders()
        {
            if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/tail"))
            {
                return; // /proc and tail: Linux only.
            }

            string root = Directory.CreateTempSubdirectory("bg-fleet-").FullName;
            string runRoot = Path.Combine(root, "run");
            string dataRoot = Path.Combine(root, "data");
            string stale = Path.Combine(runRoot, "sandbox-1");
            string staleData = Path.Combine(dataRoot, "sandbox-1", "i-0123456789abcdef0");
            string live = Path.Combine(runRoot, "sandbox-2");
            Directory.CreateDirectory(Path.Combine(stale, "i-0123456789abcdef0"));
            Directory.CreateDirectory(staleData);
            Directory.CreateDirectory(live);
            // The killed sandbox's owner: a pid with a start time no running process has.
            File.WriteAllText(Path.Combine(stale, "owner"), "999999999 1\n");
            File.WriteAllText(Path.Combine(live, "owner"), HostFleet.Owner(Environment.ProcessId) + "\n");
            string log = Path.Combine(stale, "i-0123456789abcdef0", "sshd.log");
            File.WriteAllText(log, string.Empty);
            // A process the killed sandbox's instance left (it names the instance's folder, as sshd -f does).
            var start = new ProcessStartInfo("/usr/bin/tail") { ArgumentList = { "-f", log }, UseShellExecute = false };
            using Process leftover = Process.Start(start)!;
            try
            {
                HostFleet.CleanStale(runRoot, dataRoot);

                Assert.True(leftover.WaitForExit(10000));
                Assert.False(Directory.Exists(stale));
                Assert.False(Directory.Exists(Path.Combine(dataRoot, "sandbox-1")));
                Assert.True(Directory.Exists(live));
            }
            finally
            {
                if (!leftover.HasExited)
                {
                    leftover.Kill();
                }

                Directory.Delete(root, recursive: true);
            }
        }
    }
}
