using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Deployment;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment
{
    public sealed class DeploymentHistoryTests
    {
        private static async Task<string> DeployAsync(StateFixture f, string release, DeploymentStatus end = DeploymentStatus.Succeeded, int steps = 3)
        {
            f.Advance(TimeSpan.FromMinutes(5));
            DeploymentRun run = await f.State.StartAsync(new DeploymentStart { Release = release }, CancellationToken.None);
            for (int i = 0; i < steps; i++)
            {
                await run.Journal.RunStepAsync("Step" + i, null, _ => Task.CompletedTask, CancellationToken.None);
            }

            await run.Journal.RecordMachinesAsync(MachineDisposition.Launched, new[] { new DeploymentMachine("m-" + release) }, CancellationToken.None);
            if (end == DeploymentStatus.InProgress)
            {
                // Left as a crash leaves it: lock kept, status InProgress. Broken here so the next one can start.
                await f.State.Locks.BreakAsync(run.Lock.LockId, CancellationToken.None);
            }
            else if (end == DeploymentStatus.Failed)
            {
                await run.FailAsync(CancellationToken.None);
                await f.State.Locks.BreakAsync(run.Lock.LockId, CancellationToken.None);
            }
            else
            {
                await run.SucceedAsync(end, CancellationToken.None);
            }

            return run.Id;
        }

        [Fact]
        public async Task The_history_lists_newest_first_and_First_takes_the_newest()
        {
            var f = new StateFixture();
            var ids = new List<string>();
            for (int i = 1; i <= 4; i++)
            {
                ids.Add(await DeployAsync(f, "v" + i));
            }

            var all = await f.State.History.ListAsync(null, CancellationToken.None);
            Assert.Equal(new[] { "v4", "v3", "v2", "v1" }, all.Select(r => r.Release));
            Assert.Equal(ids.AsEnumerable().Reverse(), all.Select(r => r.Id));
            Assert.Equal(new[] { "v4", "v3" }, (await f.State.History.ListAsync(2, CancellationToken.None)).Select(r => r.Release));
            Assert.All(all, r => Assert.Equal(3, r.Steps.Count));
        }

        [Fact]
        public async Task Older_deployments_beyond_the_limit_are_deleted_whole_in_batches_of_ten()
        {
            var f = new StateFixture(historyLimit: 3);
            var ids = new List<string>();
            for (int i = 1; i <= 6; i++)
            {
                ids.Add(await DeployAsync(f, "v" + i, steps: 12));
            }

            Assert.Equal(new[] { "v6", "v5", "v4" }, (await f.State.History.ListAsync(null, CancellationToken.None)).Select(r => r.Release));
            foreach (string old in ids.Take(3))
            {
                Assert.DoesNotContain(f.Store.Parameters.Keys, k => k.Contains(old));
                Assert.Null(await f.State.History.GetAsync(old, CancellationToken.None));
            }

            var deletes = f.Store.Calls.Where(c => c.StartsWith("DeleteParameters ", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(deletes);
            Assert.All(deletes, c => Assert.True(int.Parse(c.Substring(c.LastIndexOf('=') + 1)) <= 10, c));
            // 12 steps + 1 machine page + the header = 14 parameters: two calls each.
            Assert.Equal(6, deletes.Count);
        }

        [Fact]
        public async Task A_deployment_still_InProgress_is_never_pruned()
        {
            var f = new StateFixture(historyLimit: 2);
            string crashed = await DeployAsync(f, "v1", DeploymentStatus.InProgress);
            await DeployAsync(f, "v2", DeploymentStatus.Failed);
            await DeployAsync(f, "v3");
            await DeployAsync(f, "v4");

            var left = (await f.State.History.ListAsync(null, CancellationToken.None)).Select(r => r.Release).ToList();
            Assert.Equal(new[] { "v4", "v3", "v1" }, left);
            Assert.Equal(crashed, Assert.Single(await f.State.History.ListInProgressAsync(CancellationToken.None)).Id);
            Assert.Contains(f.Reporter.VerboseMessages, m => m.Contains(crashed) && m.Contains("still InProgress"));
        }

        [Fact]
        public async Task Listing_pages_through_more_than_ten_headers()
        {
            var f = new StateFixture(historyLimit: 30);
            for (int i = 1; i <= 23; i++)
            {
                await DeployAsync(f, "v" + i, steps: 0);
            }

            Assert.Equal(23, (await f.State.History.ListIdsAsync(CancellationToken.None)).Count);
            Assert.Contains(f.Store.Calls, c => c.StartsWith("GetParametersByPath /bluegreen/shop/history recursive=False token=20", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_failed_prune_is_a_warning_and_the_deployment_goes_on()
        {
            var f = new StateFixture(historyLimit: 1);
            await DeployAsync(f, "v1");
            f.Store.FailNext("DeleteParameters", 1);
            string id = await DeployAsync(f, "v2");
            Assert.Contains(f.Reporter.VerboseMessages, m => m.StartsWith("WARNING: Old deployments could not be trimmed", StringComparison.Ordinal));
            Assert.Equal(DeploymentStatus.Succeeded, (await f.State.History.GetAsync(id, CancellationToken.None))!.Status);
        }
    }
}
