using System;
using System.Collections.Generic;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Maintenance
{
    /// <summary>The Maintenance section of bluegreen.psd1: Mode, Shared and the load balancer's fixed response.</summary>
    public sealed class MaintenanceSettingsTests
    {
        private const string Source = "/srv/shop/bluegreen.psd1";

        private static Dictionary<string, object?> Project(Dictionary<string, object?>? maintenance = null)
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Project"] = "shop", ["LoadBalancer"] = "shop-alb" };
            if (maintenance != null)
            {
                values["Maintenance"] = maintenance;
            }

            return values;
        }

        [Fact]
        public void Defaults_are_Django_mode_on_every_machine_with_a_503_page_ready()
        {
            MaintenanceSettings m = ProjectConfigurationReader.Read(Project(), Source).Maintenance;

            Assert.Equal(MaintenanceModeKind.Django, m.Mode);
            Assert.False(m.Shared);
            Assert.Equal(new[] { "maintenance_mode", "on" }, m.On);
            Assert.Equal(new[] { "maintenance_mode", "off" }, m.Off);
            Assert.Equal(503, m.StatusCode);
            Assert.Equal("text/html", m.ContentType);
            Assert.False(string.IsNullOrEmpty(m.Body));
        }

        [Fact]
        public void LoadBalancer_mode_reads_status_content_type_and_body()
        {
            MaintenanceSettings m = ProjectConfigurationReader.Read(Project(new Dictionary<string, object?>
            {
                ["mode"] = "loadbalancer", ["StatusCode"] = 502, ["ContentType"] = "application/json", ["Body"] = "{\"status\":\"maintenance\"}",
            }), Source).Maintenance;

            Assert.Equal(MaintenanceModeKind.LoadBalancer, m.Mode);
            Assert.Equal(502, m.StatusCode);
            Assert.Equal("application/json", m.ContentType);
            Assert.Equal("{\"status\":\"maintenance\"}", m.Body);
        }

        [Fact]
        public void Django_mode_can_declare_the_state_shared()
        {
            MaintenanceSettings m = ProjectConfigurationReader.Read(Project(new Dictionary<string, object?> { ["Mode"] = "Django", ["Shared"] = true }), Source).Maintenance;

            Assert.Equal(MaintenanceModeKind.Django, m.Mode);
            Assert.True(m.Shared);
        }

        public static IEnumerable<object[]> BadSettings()
        {
            yield return new object[] { "Mode", "Nginx", "'Maintenance.Mode' is 'Nginx'", "Django, LoadBalancer" };
            yield return new object[] { "Shared", "yes", "'Maintenance.Shared' is 'yes'", "$true" };
            yield return new object[] { "StatusCode", 200, "'Maintenance.StatusCode' is 200", "500 to 599" };
            yield return new object[] { "StatusCode", 404, "'Maintenance.StatusCode' is 404", "500 to 599" };
            yield return new object[] { "StatusCode", 600, "'Maintenance.StatusCode' is 600", "500 to 599" };
            yield return new object[] { "StatusCode", "503", "'Maintenance.StatusCode' is '503'", "without quotes" };
            yield return new object[] { "ContentType", "text/xml", "'Maintenance.ContentType' is 'text/xml'", "text/plain, text/css, text/html, application/javascript, application/json" };
            yield return new object[] { "Body", new string('é', 513), "'Maintenance.Body' is 1026 bytes", "shorten it" };
            yield return new object[] { "Off", new List<object?>(), "'Maintenance.Off' is empty", "@('maintenance_mode', 'off')" };
            yield return new object[] { "Statuscod", 503, "unknown setting 'Maintenance.Statuscod'", "Mode, On, Off, Shared, StatusCode, ContentType, Body" };
        }

        [Theory]
        [MemberData(nameof(BadSettings))]
        public void Bad_settings_name_the_key_and_the_fix(string key, object value, string problem, string fix)
        {
            var error = Assert.Throws<BlueGreenException>(() => ProjectConfigurationReader.Read(Project(new Dictionary<string, object?> { [key] = value }), Source));

            Assert.StartsWith("Configuration", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.StartsWith(Source + ": ", error.Message);
            Assert.Contains(problem, error.Message);
            Assert.Contains(fix, error.Message);
        }

        [Fact]
        public void A_body_of_exactly_1024_bytes_is_accepted()
        {
            string body = new string('a', 1022) + "é";
            Assert.Equal(body, ProjectConfigurationReader.Read(Project(new Dictionary<string, object?> { ["Body"] = body }), Source).Maintenance.Body);
        }

        [Fact]
        public void Shared_with_LoadBalancer_mode_is_refused_as_meaningless()
        {
            var error = Assert.Throws<BlueGreenException>(() => ProjectConfigurationReader.Read(
                Project(new Dictionary<string, object?> { ["Mode"] = "LoadBalancer", ["Shared"] = true }), Source));

            Assert.Contains("'Maintenance.Shared'", error.Message);
            Assert.Contains("Mode = 'Django'", error.Message);
        }

        [Fact]
        public void The_template_writes_every_maintenance_setting()
        {
            string text = ProjectConfigurationTemplate.Render(ProjectConfigurationReader.Read(Project(new Dictionary<string, object?>
            {
                ["Mode"] = "LoadBalancer", ["Body"] = "It's maintenance",
            }), Source));

            Assert.Contains("Mode = 'LoadBalancer'", text);
            Assert.Contains("Shared = $false", text);
            Assert.Contains("StatusCode = 503", text);
            Assert.Contains("ContentType = 'text/html'", text);
            Assert.Contains("Body = 'It''s maintenance'", text);
            Assert.Contains("On = @('maintenance_mode', 'on')", text);
        }
    }
}
