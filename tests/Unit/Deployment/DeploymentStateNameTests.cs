using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment
{
    /// <summary>No project name, prefix or id makes a parameter name outside the prefix, or one SSM would refuse.</summary>
    public sealed class DeploymentStateNameTests
    {
        [Theory]
        [InlineData("../other")]
        [InlineData("shop/../../x")]
        [InlineData("a/b")]
        [InlineData("")]
        [InlineData(".hidden")]
        [InlineData("shop\n")]
        [InlineData("shop prod")]
        [InlineData("sh*p")]
        [InlineData("ßhop")]
        [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
        public void Hostile_project_names_are_refused(string project)
        {
            var ex = Assert.Throws<BlueGreenException>(() => DeploymentStateLocation.For(project));
            Assert.Equal("StateProjectNameInvalid", ex.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, ex.Category);
        }

        [Theory]
        [InlineData("bluegreen/shop/")]
        [InlineData("/bluegreen//shop/")]
        [InlineData("/bluegreen/../shop/")]
        [InlineData("/bluegreen/./shop/")]
        [InlineData("/aws/shop/")]
        [InlineData("/SSM/shop/")]
        [InlineData("/awsome/shop/")]
        [InlineData("/blue green/")]
        [InlineData("/bluegreen/sh*p/")]
        [InlineData("/bluegreen/shöp/")]
        [InlineData("/")]
        [InlineData("/1/2/3/4/5/6/7/8/9/10/11/")]
        public void Hostile_prefixes_are_refused(string prefix)
        {
            var ex = Assert.Throws<BlueGreenException>(() => DeploymentStateLocation.For("shop", prefix));
            Assert.Equal("StatePrefixInvalid", ex.ErrorId);
        }

        [Fact]
        public void Names_follow_the_layout_under_the_prefix()
        {
            var location = DeploymentStateLocation.For("shop.prod-2", "/teams/web/bg");
            Assert.Equal("/teams/web/bg/", location.Prefix);
            Assert.Equal("/teams/web/bg/lock", location.LockName);
            Assert.Equal("/teams/web/bg/history/20261201-085300-ab12", location.HeaderName("20261201-085300-ab12"));
            Assert.Equal("/teams/web/bg/journal/20261201-085300-ab12/steps/007", location.StepName("20261201-085300-ab12", 7));
            Assert.Equal("/teams/web/bg/journal/20261201-085300-ab12/machines/kept", location.MachinePagePath("20261201-085300-ab12", MachineDisposition.Kept));
            Assert.Equal("/bluegreen/shop/", DeploymentStateLocation.For("shop").Prefix);
        }

        [Theory]
        [InlineData("../../lock")]
        [InlineData("20261201-085300-ab12/../../lock")]
        [InlineData("20261201-085300-AB12")]
        [InlineData("20261201-085300-ab1")]
        [InlineData("")]
        public async Task Hostile_deployment_ids_are_refused_before_any_call(string id)
        {
            var f = new StateFixture();
            var get = await Assert.ThrowsAsync<BlueGreenException>(() => f.State.History.GetAsync(id, CancellationToken.None));
            var open = await Assert.ThrowsAsync<BlueGreenException>(() => f.State.History.OpenAsync(id, CancellationToken.None));
            Assert.Equal("DeploymentIdInvalid", get.ErrorId);
            Assert.Equal("DeploymentIdInvalid", open.ErrorId);
            Assert.Empty(f.Store.Calls);
        }

        [Fact]
        public void Deployment_ids_sort_by_start_time()
        {
            string a = DeploymentIdentifier.New(new System.DateTime(2026, 12, 1, 8, 53, 0, System.DateTimeKind.Utc));
            string b = DeploymentIdentifier.New(new System.DateTime(2026, 12, 1, 8, 53, 1, System.DateTimeKind.Utc));
            string c = DeploymentIdentifier.New(new System.DateTime(2027, 1, 1, 0, 0, 0, System.DateTimeKind.Utc));
            Assert.Equal(new[] { a, b, c }, new[] { c, a, b }.OrderBy(x => x, System.StringComparer.Ordinal));
            Assert.Matches("^20261201-085300-[0-9a-f]{4}$", a);
        }

        [Fact]
        public async Task Hostile_step_names_and_operations_are_refused_and_the_journal_goes_on()
        {
            var f = new StateFixture();
            DeploymentRun run = await f.State.StartAsync(new DeploymentStart { Release = "v1" }, CancellationToken.None);
            foreach (string name in new[] { "../x", "", "a\nb", new string('s', 49) })
            {
                var ex = await Assert.ThrowsAsync<BlueGreenException>(() => run.Journal.BeginStepAsync(name, null, CancellationToken.None));
                Assert.Equal("StateStepNameInvalid", ex.ErrorId);
            }

            Assert.False(run.Journal.IsBroken);
            Assert.Equal(1, (await run.Journal.BeginStepAsync("Launch", null, CancellationToken.None)).Number);
            var op = await Assert.ThrowsAsync<BlueGreenException>(() => f.Other().Locks.AcquireAsync("Start/../x", "a@b", null, null, null, CancellationToken.None));
            Assert.Equal("StateOperationInvalid", op.ErrorId);
        }
    }
}
