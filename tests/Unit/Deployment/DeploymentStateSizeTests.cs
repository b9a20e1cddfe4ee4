using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ParameterStore;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace BlueGreen.Tests.Unit.Deployment
{
    /// <summary>Every record fits one standard 4 KB value, whatever it holds; nothing is cut silently.</summary>
    public sealed class DeploymentStateSizeTests
    {
        private readonly ITestOutputHelper _output;

        public DeploymentStateSizeTests(ITestOutputHelper output)
        {
            _output = output;
        }

        /// <summary>n characters of 3 UTF-8 bytes each (the most a UTF-16 unit takes in the JSON), with quotes mixed in.</summary>
        private static string Wide(int n, char c = '€') => new string(Enumerable.Range(0, n).Select(i => i % 7 == 3 ? '"' : c).ToArray());

        [Fact]
        public async Task A_typical_deployment_is_small()
        {
            var f = new StateFixture();
            DeploymentRun run = await f.State.StartAsync(new DeploymentStart { Release = "v42", FromColor = "blue", ToColor = "green" }, CancellationToken.None);
            await run.Journal.RunStepAsync("LaunchMachines", "2 x t3.small", _ => Task.CompletedTask, CancellationToken.None);
            await run.Journal.RecordMachinesAsync(MachineDisposition.Launched, new[] { new DeploymentMachine("shop-0a1b2c3d", "i-0123456789abcdef0"), new DeploymentMachine("shop-4e5f6a7b", "i-0123456789abcdef1") }, CancellationToken.None);
            await run.Journal.RecordMigrationsAsync(new[] { "orders.0012_add_discount", "users.0007_email_index" }, CancellationToken.None);
            await run.SucceedAsync(DeploymentStatus.Succeeded, CancellationToken.None);

            foreach (var p in f.Store.Parameters.Values.OrderBy(p => p.Name))
            {
                _output.WriteLine($"typical {System.Text.Encoding.UTF8.GetByteCount(p.Value),5} bytes  {p.Name}");
            }

            Assert.True(f.Store.LargestValueBytes < 600, $"largest typical value: {f.Store.LargestValueBytes} bytes");
        }

        [Fact]
        public async Task A_maximal_deployment_fits_every_value_in_4096_bytes_and_reads_back_whole()
        {
            var f = new StateFixture(prefix: "/" + string.Join("/", Enumerable.Range(1, 10).Select(i => "level" + i)) + "/");
            string message = Wide(DeploymentTextLimits.Message);
            string release = Wide(DeploymentTextLimits.Release);
            DeploymentRun run = await f.State.StartAsync(new DeploymentStart { Release = release, FromColor = Wide(32), ToColor = Wide(32), Message = message }, CancellationToken.None);
            int lockBytes = System.Text.Encoding.UTF8.GetByteCount(f.Store.Parameters[f.Location.LockName].Value);

            var machines = Enumerable.Range(0, 64).Select(i => new DeploymentMachine(Wide(DeploymentTextLimits.MachineName - 3) + i.ToString("000"), "i-" + new string('f', 61))).ToList();
            foreach (MachineDisposition d in new[] { MachineDisposition.Launched, MachineDisposition.Kept, MachineDisposition.Removed })
            {
                // In three goes, so pages are appended to, as a deployment does.
                await run.Journal.RecordMachinesAsync(d, machines.Take(10), CancellationToken.None);
                await run.Journal.RecordMachinesAsync(d, machines.Skip(10).Take(40), CancellationToken.None);
                await run.Journal.RecordMachinesAsync(d, machines.Skip(50), CancellationToken.None);
            }

            var migrations = Enumerable.Range(0, 30).Select(i => $"app{i}." + Wide(DeploymentTextLimits.Migration - 10)).ToList();
            await run.Journal.RecordMigrationsAsync(migrations, CancellationToken.None);
            await run.Journal.BeginMaintenanceAsync(CancellationToken.None);
            await run.Journal.EndMaintenanceAsync(CancellationToken.None);
            for (int i = 0; i < 40; i++)
            {
                DeploymentStep step = await run.Journal.BeginStepAsync("Step number " + i + new string('x', 30), Wide(DeploymentTextLimits.StepDetail), CancellationToken.None);
                await run.Journal.EndStepAsync(step, StepOutcome.Failed, "\u0001\u2028" + Wide(20000, '\uFFFF'), CancellationToken.None);
            }

            await run.FailAsync(CancellationToken.None);

            DeploymentRecord r = (await f.Other().History.GetAsync(run.Id, CancellationToken.None))!;
            Assert.Equal(64, r.MachinesLaunched.Count);
            Assert.Equal(machines.Select(m => m.Name), r.MachinesRemoved.Select(m => m.Name));
            Assert.Equal(migrations, r.MigrationsApplied);
            Assert.Equal(message, r.Message);
            Assert.Equal(release, r.Release);
            Assert.Equal(40, r.Steps.Count);
            Assert.All(r.Steps, s => Assert.EndsWith("cut]", s.Error!));
            Assert.All(r.Steps, s => Assert.Equal(Wide(DeploymentTextLimits.StepDetail), s.Detail));

            var sizes = f.Store.Parameters.Values.Select(p => (p.Name, Bytes: System.Text.Encoding.UTF8.GetByteCount(p.Value))).ToList();
            Assert.All(sizes, s => Assert.True(s.Bytes <= ParameterStoreLimits.MaxValueBytes, s.Name));
            Assert.True(f.Store.LargestValueBytes <= ParameterStoreLimits.MaxValueBytes);
            Assert.All(sizes, s => Assert.True(s.Name.Split('/').Length - 1 <= ParameterStoreLimits.MaxLevels, s.Name));
            _output.WriteLine($"maximal lock: {lockBytes} bytes");
            foreach (var group in sizes.GroupBy(s => s.Name.Contains("/steps/") ? "step" : s.Name.Contains("/machines/") ? "machine page" : s.Name.Contains("/migrations/") ? "migration page" : s.Name.Contains("/history/") ? "header" : "lock"))
            {
                _output.WriteLine($"maximal {group.Key}: {group.Count()} parameter(s), largest {group.Max(g => g.Bytes)} bytes");
            }

            _output.WriteLine($"maximal: {sizes.Count} parameters in all; largest value written: {f.Store.LargestValueBytes} bytes");
        }

        [Theory]
        [InlineData(513, null)]
        [InlineData(10, "line one\nline two")]
        [InlineData(10, "tab\there")]
        [InlineData(10, "SURROGATE")]
        public async Task Messages_over_the_limit_or_with_control_characters_are_refused_not_cut(int length, string? text)
        {
            var f = new StateFixture();
            string message = text == "SURROGATE" ? "bad " + (char)0xD800 + " surrogate" : text ?? new string('m', length);
            var ex = await Assert.ThrowsAsync<BlueGreenException>(() => f.State.HoldAsync(message, CancellationToken.None));
            Assert.StartsWith("StateText", ex.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, ex.Category);
            Assert.Empty(f.Store.Parameters);
        }

        [Fact]
        public async Task A_release_over_the_limit_is_refused_before_the_lock_is_taken()
        {
            var f = new StateFixture();
            var ex = await Assert.ThrowsAsync<BlueGreenException>(() => f.State.StartAsync(new DeploymentStart { Release = new string('r', 129) }, CancellationToken.None));
            Assert.Equal("StateTextTooLong", ex.ErrorId);
            Assert.Empty(f.Store.Parameters);
        }

        [Fact]
        public async Task A_value_that_would_not_fit_is_refused_with_StateValueTooLarge_and_nothing_is_written()
        {
            // Characters the JSON writer escapes as \uXXXX (6 bytes): the one case the per-text limits do not bound.
            var f = new StateFixture();
            string hostile = new string('\uFFFF', DeploymentTextLimits.Message);
            var ex = await Assert.ThrowsAsync<BlueGreenException>(() => f.State.Locks.AcquireAsync("Lock-BgDeployment", new string('\uFFFF', 128), new string('\uFFFF', 128), hostile, null, CancellationToken.None));
            Assert.Equal("StateValueTooLarge", ex.ErrorId);
            Assert.Equal(FailureCategory.LimitsExceeded, ex.Category);
            Assert.Empty(f.Store.Calls);
        }

        [Fact]
        public void Long_errors_are_cut_with_a_marker_giving_their_length()
        {
            string kept = DeploymentTextLimits.ShortenError(new string('e', 5000));
            Assert.Equal(DeploymentTextLimits.StepError, kept.Length);
            Assert.EndsWith("[…cut: 5000 characters in all]", kept);
            Assert.Equal("short", DeploymentTextLimits.ShortenError("short"));
        }
    }
}
