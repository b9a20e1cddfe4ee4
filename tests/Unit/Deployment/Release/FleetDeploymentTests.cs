using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// Fleets: a deployment of 500 machines on the in-memory world completes, its journal pages the machine names
    /// (<see cref="FactPages"/>), registration is one RegisterTargets per group, and a fleet past 1,000 is refused.
    /// </summary>
    public sealed class FleetDeploymentTests
    {
        private static readonly ReleaseCheck[] None = Array.Empty<ReleaseCheck>();
        private readonly ITestOutputHelper _output;
        private static System.Collections.Generic.List<string> _lastCalls = new System.Collections.Generic.List<string>();

        public FleetDeploymentTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task A_deployment_of_500_machines_completes_with_one_RegisterTargets_and_its_names_paged_in_the_journal()
        {
            var world = new ReleaseWorld();
            world.Config.Machines.MaxParallelLaunches = 16;
            var clock = Stopwatch.StartNew();

            DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(o => o.Count = 500), None, None, CancellationToken.None);

            clock.Stop();
            _output.WriteLine($"500 machines: {clock.Elapsed.TotalSeconds:0.00} s, {world.Calls.Count} calls ({string.Join(", ", world.Calls.GroupBy(c => c).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"))})");
            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.Equal(500, world.Elb.TargetsOf(FakeLoadBalancer.Green).Count);
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.Single(world.Calls, c => c == "RegisterTargets");
            Assert.Equal(500, record.MachinesLaunched.Count);
            Assert.Equal(500, DeploymentFacts.FromFacts(record.Facts).Names.Count);
            Assert.Contains(world.Store.Parameters.Keys, k => k.Contains("/facts-names/", StringComparison.Ordinal));
            Assert.True(world.Store.LargestValueBytes <= 4096);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        }

        [Fact]
        public void More_than_1000_machines_are_refused_as_too_many_and_1000_are_taken()
        {
            BlueGreenException refused = Assert.ThrowsAny<BlueGreenException>(() => ReleaseWorld.Options(o => o.Count = 1001).Validate());
            Assert.Contains("1000", refused.Message);
            ReleaseWorld.Options(o => o.Count = 1000).Validate();
        }

        [Fact]
        public async Task Paged_facts_rewrite_only_what_changed_into_the_other_slot_and_read_back_whole()
        {
            var world = new ReleaseWorld();
            DeploymentState state = world.State();
            DeploymentRun run = await state.StartAsync(new DeploymentStart { Operation = "Start-BgDeployment", Release = "v2" }, CancellationToken.None);
            string names = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"shop-{i:x8}"));
            string old = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"shop-old{i:x5}"));
            await run.Journal.SetFactsAsync(new[] { Fact("names", names), Fact("old", old), Fact("count", "1000") }, CancellationToken.None);
            Assert.Contains(world.Store.Parameters.Keys, k => k.EndsWith("/facts-names/a001", StringComparison.Ordinal));
            Assert.Contains(world.Store.Parameters.Keys, k => k.EndsWith("/facts-old/a001", StringComparison.Ordinal));

            int before = world.Store.Calls.Count;
            string renamed = names.Replace("shop-00000001", "shop-fffffff1", StringComparison.Ordinal);
            await run.Journal.SetFactsAsync(new[] { Fact("names", renamed) }, CancellationToken.None);

            // Only the names were rewritten, into slot b, and the facts value last.
            var writes = world.Store.Calls.Skip(before).ToList();
            Assert.DoesNotContain(writes, w => w.Contains("/facts-old/", StringComparison.Ordinal));
            Assert.Contains(writes, w => w.Contains("/facts-names/b001", StringComparison.Ordinal));
            Assert.Contains("/facts overwrite", writes[^1], StringComparison.Ordinal);
            DeploymentRecord record = (await world.State().History.GetAsync(run.Id, CancellationToken.None))!;
            Assert.Equal(renamed, record.Facts["names"]);
            Assert.Equal(old, record.Facts["old"]);
            Assert.Equal("1000", record.Facts["count"]);
        }

        [Fact]
        public async Task A_crash_while_writing_new_pages_leaves_the_facts_as_they_were()
        {
            var world = new ReleaseWorld();
            DeploymentRun run = await world.State().StartAsync(new DeploymentStart { Operation = "Start-BgDeployment", Release = "v2" }, CancellationToken.None);
            string names = string.Join(",", Enumerable.Range(0, 800).Select(i => $"shop-{i:x8}"));
            await run.Journal.SetFactsAsync(new[] { Fact("names", names) }, CancellationToken.None);

            // The second page of the new slot fails: the facts value is not written, the old slot stands.
            world.Store.FailNext("PutParameter", 1, name => name.EndsWith("/facts-names/b002", StringComparison.Ordinal));
            await Assert.ThrowsAsync<JournalWriteFailedException>(() => run.Journal.SetFactsAsync(new[] { Fact("names", names.ToUpperInvariant()) }, CancellationToken.None));

            DeploymentRecord record = (await world.State().History.GetAsync(run.Id, CancellationToken.None))!;
            Assert.Equal(names, record.Facts["names"]);
        }

        /// <summary>
        /// The deployment's AWS calls and round trips on its critical path at 50 ms per call: the longest chain of calls
        /// each sent after the one before it was answered (<see cref="ReleaseWorld.CriticalRoundTrips"/>; calls made at
        /// once overlap, as the fakes answer them later without holding the caller's thread). The engine's own waits
        /// are on a virtual clock. Batch launches as the EC2 provider makes them. BLUEGREEN_FLEET_BENCH=1 prints N = 1,
        /// 64, 256 for both launch kinds.
        /// </summary>
        [Fact]
        public async Task The_round_trips_of_a_deployment_do_not_grow_with_its_machines()
        {
            await MeasureAsync(1, true); // warm: the first run JIT-compiles the engine
            (int oneCalls, double one, _) = await MeasureAsync(1, true);
            (int calls, double trips, _) = await MeasureAsync(64, true);
            _output.WriteLine($"N = 1: {oneCalls} calls, {one:0} round trips; N = 64: {calls} calls, {trips:0} round trips (batch launch)");

            // 63 more machines: 63 more CreateTags (one round trip, at once), nothing else per machine.
            Assert.Equal(oneCalls + 63, calls);
            Assert.True(trips - one <= 8, $"{one:0.0} round trips at N = 1, {trips:0.0} at N = 64");

            if (Environment.GetEnvironmentVariable("BLUEGREEN_FLEET_BENCH") == "1")
            {
                foreach (bool batch in new[] { false, true })
                {
                    foreach (int count in new[] { 1, 64, 256 })
                    {
                        (int c, double t, TimeSpan wall) = await MeasureAsync(count, batch);
                        _output.WriteLine($"N = {count}, {(batch ? "batch RunInstances" : "per-machine RunInstances")}: {c} calls, {t:0} round trips, {wall.TotalSeconds:0.00} s at 50 ms");
                        _output.WriteLine("  " + string.Join(", ", _lastCalls.GroupBy(x => x).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
                    }
                }
            }
        }

        private static async Task<(int Calls, double RoundTrips, TimeSpan Wall)> MeasureAsync(int count, bool batch)
        {
            TimeSpan Run(ReleaseWorld w, Stopwatch clock) => clock.Elapsed;
            async Task<(ReleaseWorld World, TimeSpan Time)> Once(TimeSpan latency)
            {
                var world = new ReleaseWorld { BatchLaunches = batch, Latency = latency };
                world.Config.Machines.MaxParallelLaunches = 16;
                var clock = Stopwatch.StartNew();
                DeploymentRecord record = await world.Engine().StartAsync(ReleaseWorld.Options(o => { o.Count = count; o.BakeTime = TimeSpan.Zero; }), None, None, CancellationToken.None);
                Assert.Equal(DeploymentStatus.Succeeded, record.Status);
                return (world, Run(world, clock));
            }

            var (slow, wall) = await Once(TimeSpan.FromMilliseconds(50));
            _lastCalls = slow.Calls.ToList();
            return (slow.Calls.Count, slow.CriticalRoundTrips(), wall);
        }

        private static System.Collections.Generic.KeyValuePair<string, string> Fact(string key, string value) => new System.Collections.Generic.KeyValuePair<string, string>(key, value);
    }
}
