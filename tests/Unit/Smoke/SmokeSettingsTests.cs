using System;
using System.Collections.Generic;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Smoke
{
    /// <summary>The Smoke section of bluegreen.psd1: paths, expected status, tries, timeouts, base address, certificate.</summary>
    public sealed class SmokeSettingsTests
    {
        private const string Source = "/srv/shop/bluegreen.psd1";

        private static Dictionary<string, object?> Project(Dictionary<string, object?>? smoke = null)
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Project"] = "shop", ["LoadBalancer"] = "shop-alb" };
            if (smoke != null)
            {
                values["Smoke"] = smoke;
            }

            return values;
        }

        [Fact]
        public void Defaults_fetch_the_home_page_three_times_at_most_and_validate_certificates()
        {
            SmokeSettings s = ProjectConfigurationReader.Read(Project(), Source).Smoke;

            Assert.Equal(new[] { "/" }, s.Paths);
            Assert.Equal(200, s.ExpectedStatus);
            Assert.Equal(3, s.Attempts);
            Assert.Equal(TimeSpan.FromSeconds(2), s.Delay);
            Assert.Equal(TimeSpan.FromSeconds(10), s.Timeout);
            Assert.Null(s.BaseUrl);
            Assert.False(s.AllowInvalidCertificate);
        }

        [Fact]
        public void Every_setting_is_read_case_insensitively()
        {
            SmokeSettings s = ProjectConfigurationReader.Read(Project(new Dictionary<string, object?>
            {
                ["paths"] = new List<object?> { "/", "/healthz/", "/api/status?full=1" },
                ["ExpectedStatus"] = 204,
                ["attempts"] = 5,
                ["DelaySeconds"] = 0,
                ["TimeoutSeconds"] = 30,
                ["BaseUrl"] = "https://shop.example.com:8443",
                ["AllowInvalidCertificate"] = true,
            }), Source).Smoke;

            Assert.Equal(new[] { "/", "/healthz/", "/api/status?full=1" }, s.Paths);
            Assert.Equal(204, s.ExpectedStatus);
            Assert.Equal(5, s.Attempts);
            Assert.Equal(TimeSpan.Zero, s.Delay);
            Assert.Equal(TimeSpan.FromSeconds(30), s.Timeout);
            Assert.Equal(new Uri("https://shop.example.com:8443/"), s.BaseUrl);
            Assert.True(s.AllowInvalidCertificate);
        }

        [Fact]
        public void A_single_path_may_be_written_as_a_string()
        {
            Assert.Equal(new[] { "/healthz/" }, ProjectConfigurationReader.Read(Project(new Dictionary<string, object?> { ["Paths"] = "/healthz/" }), Source).Smoke.Paths);
        }

        public static IEnumerable<object[]> BadSettings()
        {
            yield return new object[] { "Paths", new List<object?>(), "'Smoke.Paths' is empty", "at least one path" };
            yield return new object[] { "Paths", new List<object?> { "/", "healthz" }, "'Smoke.Paths' has 'healthz'", "starting with a single '/'" };
            yield return new object[] { "Paths", "//evil.example.com/", "'Smoke.Paths' has '//evil.example.com/'", "single '/'" };
            yield return new object[] { "Paths", "/a b", "'Smoke.Paths' has '/a b'", "without spaces" };
            yield return new object[] { "Paths", new List<object?> { "/", 3 }, "'Smoke.Paths' has item 1", "quoted strings" };
            yield return new object[] { "ExpectedStatus", 99, "'Smoke.ExpectedStatus' is 99", "100 to 599" };
            yield return new object[] { "ExpectedStatus", 600, "'Smoke.ExpectedStatus' is 600", "100 to 599" };
            yield return new object[] { "ExpectedStatus", "200", "'Smoke.ExpectedStatus' is '200'", "without quotes" };
            yield return new object[] { "Attempts", 0, "'Smoke.Attempts' is 0", "1 to 20" };
            yield return new object[] { "Attempts", 21, "'Smoke.Attempts' is 21", "1 to 20" };
            yield return new object[] { "DelaySeconds", -1, "'Smoke.DelaySeconds' is -1", "0 to 300" };
            yield return new object[] { "TimeoutSeconds", 0, "'Smoke.TimeoutSeconds' is 0", "1 to 300" };
            yield return new object[] { "TimeoutSeconds", 301, "'Smoke.TimeoutSeconds' is 301", "1 to 300" };
            yield return new object[] { "BaseUrl", "shop.example.com", "'Smoke.BaseUrl' is 'shop.example.com'", "scheme, host and optional port" };
            yield return new object[] { "BaseUrl", "ftp://shop.example.com", "'Smoke.BaseUrl' is 'ftp://shop.example.com'", "https://shop.example.com" };
            yield return new object[] { "BaseUrl", "https://shop.example.com/app", "'Smoke.BaseUrl' is 'https://shop.example.com/app'", "give only a scheme" };
            yield return new object[] { "AllowInvalidCertificate", "yes", "'Smoke.AllowInvalidCertificate' is 'yes'", "$true" };
            yield return new object[] { "Path", "/", "unknown setting 'Smoke.Path'", "Paths, ExpectedStatus, Attempts, DelaySeconds, TimeoutSeconds, BaseUrl, AllowInvalidCertificate" };
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
        public void The_template_writes_every_smoke_setting()
        {
            string text = ProjectConfigurationTemplate.Render(ProjectConfigurationReader.Read(Project(new Dictionary<string, object?>
            {
                ["Paths"] = new List<object?> { "/", "/it's/" }, ["BaseUrl"] = "https://shop.example.com",
            }), Source));

            Assert.Contains("Smoke = @{", text);
            Assert.Contains("Paths = @('/', '/it''s/')", text);
            Assert.Contains("ExpectedStatus = 200", text);
            Assert.Contains("Attempts = 3", text);
            Assert.Contains("DelaySeconds = 2", text);
            Assert.Contains("TimeoutSeconds = 10", text);
            Assert.Contains("BaseUrl = 'https://shop.example.com'", text);
            Assert.Contains("AllowInvalidCertificate = $false", text);
        }

        [Fact]
        public void The_template_comments_out_BaseUrl_when_none_is_set()
        {
            string text = ProjectConfigurationTemplate.Render(ProjectConfigurationReader.Read(Project(), Source));

            Assert.Contains("# BaseUrl = 'https://shop.example.com'", text);
        }
    }
}
