using System.Collections.Generic;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment
{
    public sealed class DeploymentStateSettingsTests
    {
        private static Dictionary<string, object?> Project(Dictionary<string, object?>? state = null)
        {
            var values = new Dictionary<string, object?> { ["Project"] = "shop", ["LoadBalancer"] = "shop-alb" };
            if (state != null)
            {
                values["State"] = state;
            }

            return values;
        }

        [Fact]
        public void Without_a_State_section_the_prefix_is_the_default_and_twenty_are_kept()
        {
            ProjectConfiguration config = ProjectConfigurationReader.Read(Project(), null);
            Assert.Null(config.State.Prefix);
            Assert.Equal(20, config.State.HistoryLimit);
            Assert.Equal("/bluegreen/shop/", BlueGreen.Deployment.DeploymentStateLocation.For(config.Project, config.State.Prefix).Prefix);
        }

        [Fact]
        public void The_State_section_sets_prefix_and_history_limit()
        {
            ProjectConfiguration config = ProjectConfigurationReader.Read(Project(new Dictionary<string, object?> { ["Prefix"] = "/bluegreen/shop-prod", ["HistoryLimit"] = 5 }), null);
            Assert.Equal("/bluegreen/shop-prod/", config.State.Prefix);
            Assert.Equal(5, config.State.HistoryLimit);
        }

        [Theory]
        [InlineData("Prefix", "bluegreen/shop/")]
        [InlineData("Prefix", "/bluegreen/../x/")]
        [InlineData("HistoryLimit", 0)]
        [InlineData("HistoryLimit", 101)]
        [InlineData("Prefx", "/x/")]
        public void Bad_State_settings_are_refused_naming_the_key(string key, object value)
        {
            var ex = Assert.Throws<BlueGreenException>(() => ProjectConfigurationReader.Read(Project(new Dictionary<string, object?> { [key] = value }), null));
            Assert.StartsWith("Configuration", ex.ErrorId);
            Assert.Contains("State." + key, ex.Message);
        }

        [Fact]
        public void The_template_writes_a_State_section_that_reads_back()
        {
            string text = ProjectConfigurationTemplate.Render(ProjectConfigurationReader.Read(Project(), null));
            Assert.Contains("State = @{", text);
            Assert.Contains("HistoryLimit = 20", text);
        }
    }
}
