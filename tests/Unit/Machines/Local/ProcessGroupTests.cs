using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Diagnostics;
using BlueGreen.Machines.Local;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines.Local
{
    /// <summary>Real process groups made with setsid: a parent and its children, stopped and verified gone.</summary>
    public sealed class ProcessGroupTests
    {
        /// <summary>Starts <c>setsid sh -c script</c> (its own session and group) and returns the group id once <paramref name="expected"/> processes are in it.</summary>
        private static async Task<int> StartGroupAsync(string script, int expected)
        {
            string pidFile = Path.Combine(Path.GetTempPath(), "bg-pg-" + Guid.NewGuid().ToString("N"));
            var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in new[] { "-f", "sh", "-c", $"echo $$ > {pidFile}; {script}" })
            {
                start.ArgumentList.Add(argument);
            }

            using (Process launcher = Process.Start(start)!)
            {
                await launcher.WaitForExitAsync();
            }

            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid) && ProcessGroup.Of(pid) is int group
                    && ProcessGroup.Members(group).Count >= expected)
                {
                    File.Delete(pidFile);
                    return group;
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the test's process group did not start");
                await Task.Delay(20);
            }
        }

        [Fact]
        public async Task SIGTERM_stops_the_whole_group()
        {
            int group = await StartGroupAsync("sleep 300 & sleep 300 & wait", 3);
            Assert.Equal(3, ProcessGroup.Members(group).Count);

            bool killed = await ProcessGroup.StopAsync(group, TimeSpan.FromSeconds(5), CancellationToken.None);

            Assert.False(killed);
            Assert.Empty(ProcessGroup.Members(group));
        }

        [Fact]
        public async Task A_group_that_ignores_SIGTERM_gets_SIGKILL_after_the_grace()
        {
            int group = await StartGroupAsync("trap '' TERM; sleep 300 & sleep 300 & wait; sleep 300", 3);
            var clock = Stopwatch.StartNew();

            bool killed = await ProcessGroup.StopAsync(group, TimeSpan.FromMilliseconds(500), CancellationToken.None);

            Assert.True(killed);
            Assert.Empty(ProcessGroup.Members(group));
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(5));
        }

        [Fact]
        public async Task Our_own_group_and_groups_0_and_1_are_never_signalled()
        {
            int own = ProcessGroup.Of(Environment.ProcessId)!.Value;

            foreach (int group in new[] { own, 0, 1 })
            {
                BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() => ProcessGroup.StopAsync(group, TimeSpan.FromSeconds(1), CancellationToken.None));
                Assert.Equal("ProcessGroupRefused", error.ErrorId);
            }

            Assert.True(ProcessGroup.IsAlive(Environment.ProcessId));
        }

        [Fact]
        public async Task A_gone_group_has_no_members_and_stopping_it_does_nothing()
        {
            int group = await StartGroupAsync("sleep 301 & wait", 2);
            // The shell's child is a member before it has exec'd sleep (its command line is the shell's until then).
            var clock = Stopwatch.StartNew();
            while (!ProcessGroup.Members(group).Any(pid => ProcessGroup.CommandLineOf(pid) == "sleep 301"))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the group's sleep 301 did not start");
                await Task.Delay(20);
            }

            await ProcessGroup.StopAsync(group, TimeSpan.FromSeconds(5), CancellationToken.None);

            Assert.False(await ProcessGroup.StopAsync(group, TimeSpan.FromSeconds(5), CancellationToken.None));
            Assert.Empty(ProcessGroup.Members(group));
        }

        [Fact]
        public async Task A_group_is_found_by_a_fragment_of_its_command_line_until_it_is_stopped()
        {
            string marker = $"--chdir /tmp/bg-marker-{Guid.NewGuid():N}/app ";
            int group = await StartGroupAsync($"sleep 300 & wait; : '{marker}'", 2);

            Assert.Equal(new[] { group }, ProcessGroup.GroupsRunning(marker));
            await ProcessGroup.StopAsync(group, TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.Empty(ProcessGroup.GroupsRunning(marker));
        }
    }
}
