using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// The deployment's typed facts: their round trip through the journal's string facts, and journals written by the
    /// engine before the release was a list of steps (TestData/Release, captured from commit a2f9576's engine): read,
    /// resumed, undone and completed by today's.
    /// </summary>
    public sealed class DeploymentFactsTests
    {
        private static readonly ReleaseCheck[] None = Array.Empty<ReleaseCheck>();

        [Fact]
        public void Every_member_comes_back_from_the_facts_it_writes()
        {
            var facts = new DeploymentFacts
            {
                FromArn = FakeLoadBalancer.Blue,
                ToArn = FakeLoadBalancer.Green,
                Count = 3,
                Names = new[] { "shop-a", "shop-b", "shop-c" },
                Tried = new[] { "shop-a", "shop-b", "shop-c", "shop-x" },
                OldNames = new[] { "shop-1", "shop-2" },
                Pending = 0,
                MigrateOn = "shop-b",
                SwitchedAt = new DateTime(2026, 12, 1, 9, 0, 5, 123, DateTimeKind.Utc),
                Undoing = true,
                MigrationsReverted = false,
            };

            Dictionary<string, string> written = facts.ToFacts().ToDictionary(p => p.Key, p => p.Value);
            DeploymentFacts back = DeploymentFacts.FromFacts(written);

            Assert.Equal("shop-a,shop-b,shop-c", written["names"]);
            Assert.Equal("0", written["pending"]);
            Assert.Equal("2026-12-01T09:00:05.1230000Z", written["switchedAt"]);
            Assert.Equal("1", written["undoing"]);
            Assert.Equal("0", written["migrationsReverted"]);
            Assert.Equal(facts.FromArn, back.FromArn);
            Assert.Equal(facts.ToArn, back.ToArn);
            Assert.Equal(3, back.Count);
            Assert.Equal(facts.Names, back.Names);
            Assert.Equal(facts.Tried, back.Tried);
            Assert.Equal(facts.OldNames, back.OldNames);
            Assert.Equal(0, back.Pending);
            Assert.Equal("shop-b", back.MigrateOn);
            Assert.Equal(facts.SwitchedAt, back.SwitchedAt);
            Assert.Equal(DateTimeKind.Utc, back.SwitchedAt!.Value.Kind);
            Assert.True(back.Undoing);
            Assert.False(back.MigrationsReverted);
            Assert.Equal(new[] { "shop-a", "shop-b", "shop-c", "shop-x" }, back.EveryTried);
        }

        [Fact]
        public void What_was_never_journaled_stays_unset_and_is_not_written()
        {
            DeploymentFacts facts = DeploymentFacts.FromFacts(new Dictionary<string, string> { ["from"] = "a", ["to"] = "b" });

            Assert.Null(facts.Pending);
            Assert.Null(facts.MigrateOn);
            Assert.Null(facts.SwitchedAt);
            Assert.False(facts.Undoing);
            Assert.Null(facts.MigrationsReverted);
            Assert.Empty(facts.Names);
            Assert.DoesNotContain(facts.ToFacts(), p => p.Key == "pending" || p.Key == "migrateOn" || p.Key == "switchedAt" || p.Key == "undoing" || p.Key == "migrationsReverted");
        }

        [Fact]
        public void A_change_writes_only_the_keys_it_changes()
        {
            DeploymentFacts before = DeploymentFacts.FromFacts(new Dictionary<string, string> { ["from"] = "a", ["to"] = "b", ["count"] = "2", ["names"] = "x,y", ["tried"] = "x,y", ["old"] = "o" });

            IReadOnlyList<KeyValuePair<string, string>> changes = before.ChangesTo(before with { Pending = 1, MigrateOn = "x" });

            Assert.Equal(new[] { "pending=1", "migrateOn=x" }, changes.Select(p => p.Key + "=" + p.Value));
        }

        [Fact]
        public async Task A_journal_written_by_the_engine_before_the_steps_reads_back_typed()
        {
            ReleaseWorld world = await LegacyJournal.LoadAsync("succeeded-canary");
            DeploymentRecord record = await world.LatestAsync();
            DeploymentFacts facts = DeploymentFacts.FromFacts(record.Facts);

            Assert.Equal(DeploymentStatus.Succeeded, record.Status);
            Assert.Equal(FakeLoadBalancer.Blue, facts.FromArn);
            Assert.Equal(FakeLoadBalancer.Green, facts.ToArn);
            Assert.Equal(2, facts.Count);
            Assert.Equal(2, facts.Names.Count);
            Assert.Equal(facts.Names, facts.Tried);
            Assert.Equal(new[] { "shop-00000001", "shop-00000002" }, facts.OldNames);
            Assert.Equal(1, facts.Pending);
            Assert.Contains(facts.MigrateOn, facts.Names);
            Assert.NotNull(facts.SwitchedAt);
            Assert.False(facts.Undoing);
            Assert.Null(facts.MigrationsReverted);
            Assert.Equal(10, ReleaseOptions.FromFacts(record).CanaryWeight);
            // Written back unchanged: the typed facts keep every key and value the old engine wrote.
            foreach (KeyValuePair<string, string> fact in facts.ToFacts())
            {
                Assert.Equal(record.Facts[fact.Key], fact.Value);
            }
        }

        [Fact]
        public async Task A_succeeded_deployment_journaled_before_the_steps_completes_and_undoes()
        {
            ReleaseWorld world = await LegacyJournal.LoadAsync("succeeded-canary");
            world.Now += TimeSpan.FromHours(1);
            DeploymentRecord undone = await world.Engine().UndoAsync(null, false, false, ApproveAll.Instance, null, CancellationToken.None);

            Assert.Equal(DeploymentStatus.RolledBack, undone.Status);
            Assert.Equal(FakeLoadBalancer.Blue, world.Elb.ServingGroup());
            Assert.DoesNotContain("catalog.0002_product_price", world.Database.Applied);
            Assert.All(world.Machines.Running, m => Assert.Equal("v1", m.Release));

            world = await LegacyJournal.LoadAsync("succeeded-canary");
            world.Now += TimeSpan.FromHours(1);
            DeploymentRecord completed = await world.Engine().CompleteAsync(null, false, ApproveAll.Instance, CancellationToken.None);
            Assert.Equal(DeploymentStatus.Completed, completed.Status);
            Assert.All(world.Machines.Running, m => Assert.Equal("v2", m.Release));
        }

        [Fact]
        public async Task A_failed_deployment_journaled_before_the_steps_resumes_from_its_failed_step()
        {
            ReleaseWorld world = await LegacyJournal.LoadAsync("failed-at-migrate");
            DeploymentRecord before = await world.LatestAsync();
            Assert.Equal(DeploymentStatus.Failed, before.Status);
            Assert.True(await world.LockHeldAsync());

            DeploymentRecord resumed = await world.Engine().ResumeAsync(null, false, false, None, None, CancellationToken.None);

            Assert.Equal(DeploymentStatus.Succeeded, resumed.Status);
            // Only what was not done runs again: no launch, no health wait before a switch, no second check.
            Assert.Equal(
                new[] { "Resume-BgDeployment", "WaitForHealthy", "MaintenanceOn", "Migrate", "SwitchTraffic", "MaintenanceOff", "Bake" },
                resumed.Steps.Skip(before.Steps.Count).Select(s => s.Name));
            Assert.Equal(FakeLoadBalancer.Green, world.Elb.ServingGroup());
            Assert.Contains("catalog.0002_product_price", world.Database.Applied);
            Assert.False(await world.LockHeldAsync());
            await world.AssertSiteIsSafeAsync();
        }
    }
}
