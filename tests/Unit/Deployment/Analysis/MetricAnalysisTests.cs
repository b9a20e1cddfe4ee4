using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.CloudWatch.Model;
using BlueGreen.Configuration;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using BlueGreen.Tests.Unit.Deployment.Release;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment.Analysis
{
    /// <summary>
    /// The metric verdicts (<see cref="MetricAnalysis"/>): thresholds, the minimum request count, missing data, alarms
    /// and unhealthy targets; the queries it sends; the Analysis section of bluegreen.psd1 and -CanarySteps checked.
    /// </summary>
    public sealed class MetricAnalysisTests
    {
        private static readonly DateTime From = new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);

        public static IEnumerable<object?[]> Verdicts()
        {
            // requests, 5xx, time, unhealthy, alarms, expected outcome, reason
            yield return new object?[] { 200.0, 0.0, 0.1, 0.0, null, AnalysisOutcome.Passed, null };
            yield return new object?[] { 200.0, 10.0, 0.1, 0.0, null, AnalysisOutcome.Passed, null };
            yield return new object?[] { 200.0, 11.0, 0.1, 0.0, null, AnalysisOutcome.Failed, "5xx rate 5.5% over the 5% allowed" };
            yield return new object?[] { 200.0, 40.0, 0.1, 0.0, null, AnalysisOutcome.Failed, "5xx rate 20.0% over the 5% allowed" };
            yield return new object?[] { 200.0, 0.0, 2.5, 0.0, null, AnalysisOutcome.Failed, "p90 response time 2.5 s over the 2 s allowed" };
            yield return new object?[] { 19.0, 19.0, 9.0, 0.0, null, AnalysisOutcome.Inconclusive, "19 requests, fewer than the 20 Analysis.MinRequestCount asks to judge by" };
            yield return new object?[] { 0.0, 0.0, null, null, null, AnalysisOutcome.Inconclusive, "0 requests, fewer than the 20" };
            yield return new object?[] { 200.0, 0.0, null, null, null, AnalysisOutcome.Passed, null };
            yield return new object?[] { 5.0, 0.0, 0.1, 1.0, null, AnalysisOutcome.Failed, "1 target(s) unhealthy the whole window" };
            yield return new object?[] { 200.0, 0.0, 0.1, 0.0, "ALARM", AnalysisOutcome.Failed, "alarm shop-5xx is in ALARM" };
            yield return new object?[] { 0.0, 0.0, 0.1, 0.0, "ALARM", AnalysisOutcome.Failed, "alarm shop-5xx is in ALARM" };
            yield return new object?[] { 200.0, 0.0, 0.1, 0.0, "INSUFFICIENT_DATA", AnalysisOutcome.Passed, null };
            yield return new object?[] { 200.0, 0.0, 0.1, 0.0, AlarmReading.Missing, AnalysisOutcome.Inconclusive, "alarm shop-5xx does not exist (fix Analysis.Alarms)" };
        }

        [Theory]
        [MemberData(nameof(Verdicts))]
        public void A_verdict_fails_on_a_crossed_threshold_an_alarm_or_an_unhealthy_target_and_is_inconclusive_below_the_minimum(
            double requests, double errors, double? time, double? unhealthy, string? alarm, AnalysisOutcome outcome, string? reason)
        {
            var settings = new AnalysisSettings { MaxResponseTime = TimeSpan.FromSeconds(2) };
            var alarms = alarm == null ? new List<AlarmReading>() : new List<AlarmReading> { new AlarmReading("shop-5xx", alarm) };
            var figures = new MetricFigures(From, From.AddSeconds(15), requests, errors, time, unhealthy, alarms);

            AnalysisVerdict verdict = MetricAnalysis.Judge("Canary 10%", figures, settings);

            Assert.Equal(outcome, verdict.Outcome);
            if (reason == null)
            {
                Assert.Empty(verdict.Reasons);
            }
            else
            {
                Assert.Contains(verdict.Reasons, r => r.StartsWith(reason, StringComparison.Ordinal));
            }

            Assert.StartsWith($"Canary 10% 09:00:00-09:00:15 {outcome}", verdict.Summary);
        }

        [Fact]
        public void Inconclusive_can_be_judged_with_no_minimum_and_the_summary_carries_every_figure()
        {
            var figures = new MetricFigures(From, From.AddSeconds(10), 3, 1, 0.0123, 0, new[] { new AlarmReading("a", "OK"), new AlarmReading("b", "ALARM") });

            AnalysisVerdict verdict = MetricAnalysis.Judge("Bake", figures, new AnalysisSettings { MinRequestCount = 0, MaxErrorRatePercent = 50 });

            Assert.Equal(AnalysisOutcome.Failed, verdict.Outcome);
            Assert.Equal("Bake 09:00:00-09:00:10 Failed (alarm b is in ALARM): 1 of 3 requests 5xx (33.3%); p90 0.012 s; unhealthy 0; alarms a=OK, b=ALARM", verdict.Summary);
        }

        [Fact]
        public async Task The_checks_read_the_new_group_with_its_load_balancer_by_the_names_AWS_gives_them()
        {
            var world = new ReleaseWorld();
            var cloudWatch = new FakeCloudWatch(world);
            cloudWatch.Serve(FakeLoadBalancer.Green, 10, errorPercent: 10, responseTime: 0.3);
            var analysis = new MetricAnalysis(cloudWatch, new AnalysisSettings { PeriodSeconds = 60 });

            MetricFigures figures = await analysis.ReadAsync(FakeLoadBalancer.LoadBalancerArn, FakeLoadBalancer.Green, From.AddSeconds(30), From.AddSeconds(90), CancellationToken.None);

            IReadOnlyList<MetricDataQuery> queries = Assert.Single(cloudWatch.Reads);
            Assert.Equal(new[] { "RequestCount Sum", "HTTPCode_Target_5XX_Count Sum", "UnHealthyHostCount Minimum", "TargetResponseTime p90" },
                queries.Select(q => q.MetricStat!.Metric!.MetricName + " " + q.MetricStat.Stat));
            Assert.All(queries, q =>
            {
                Assert.Equal("AWS/ApplicationELB", q.MetricStat!.Metric!.Namespace);
                Assert.Equal(60, q.MetricStat.Period);
                Assert.Equal(new[] { "LoadBalancer=app/shop-lb/50dc6c495c0c9188", "TargetGroup=targetgroup/shop-green/fedcba9876543210" }, q.MetricStat.Metric.Dimensions.Select(d => d.Name + "=" + d.Value));
            });
            // From the first period that begins inside the window (09:01:00), not the one it falls in (09:00:00).
            Assert.Equal(From.AddSeconds(60), figures.From);
            Assert.Equal(300.0, figures.Requests);
            Assert.Equal(30.0, figures.Errors);
            Assert.Equal(10.0, figures.ErrorRatePercent);
            Assert.Equal(0.3, figures.ResponseTime);
            Assert.Equal(0.0, figures.UnhealthyHosts);
        }

        [Theory]
        [InlineData("09:00:00.000", 1, "09:00:00.000")]
        [InlineData("09:00:00.001", 1, "09:00:01.000")]
        [InlineData("09:00:10.400", 1, "09:00:11.000")]
        [InlineData("09:00:30.000", 60, "09:01:00.000")]
        [InlineData("09:01:00.000", 60, "09:01:00.000")]
        public void A_check_reads_from_the_first_period_that_begins_in_its_window(string from, int period, string expected)
        {
            // CloudWatch rounds a StartTime down (AWS to the minute, the sandbox to the second): a check that asked from
            // inside a period would read that whole period, e.g. the maintenance 503s just before a bake began.
            DateTime At(string time) => From.Date + TimeSpan.Parse(time, System.Globalization.CultureInfo.InvariantCulture);

            Assert.Equal(At(expected), MetricAnalysis.FirstPeriodFrom(At(from), period));
        }

        [Fact]
        public async Task Missing_5xx_datapoints_count_zero_and_an_alarm_that_does_not_exist_is_said_so()
        {
            var world = new ReleaseWorld();
            var cloudWatch = new FakeCloudWatch(world);
            cloudWatch.Serve(FakeLoadBalancer.Green, 10);
            cloudWatch.Alarms["shop-5xx"] = "OK";
            var analysis = new MetricAnalysis(cloudWatch, new AnalysisSettings { PeriodSeconds = 1, Alarms = new[] { "shop-5xx", "typo" } });

            MetricFigures figures = await analysis.ReadAsync(FakeLoadBalancer.LoadBalancerArn, FakeLoadBalancer.Green, From, From.AddSeconds(10), CancellationToken.None);

            Assert.Equal(0.0, figures.Errors);
            Assert.Equal(0.0, figures.ErrorRatePercent);
            Assert.Equal(new[] { "shop-5xx=OK", "typo=Missing" }, figures.Alarms.Select(a => a.ToString()));
        }

        public static IEnumerable<object[]> BadAnalysisSettings()
        {
            yield return new object[] { "MaxErrorRatePercent", 120, "ConfigurationInvalidSetting", "'Analysis.MaxErrorRatePercent' is 120, outside 0..100" };
            yield return new object[] { "MaxErrorRatePercent", "5", "ConfigurationInvalidSetting", "is '5', not a number" };
            yield return new object[] { "ResponseTimeStatistic", "Median", "ConfigurationInvalidSetting", "use 'Average' or a percentile from p50 to p99.9" };
            yield return new object[] { "ResponseTimeStatistic", "p100", "ConfigurationInvalidSetting", "use 'Average' or a percentile" };
            yield return new object[] { "MinRequestCount", -1, "ConfigurationInvalidSetting", "outside 0..1000000" };
            yield return new object[] { "PeriodSeconds", 0, "ConfigurationInvalidSetting", "outside 1..3600" };
            yield return new object[] { "Alarms", new object[] { 5 }, "ConfigurationInvalidSetting", "write a list of quoted strings" };
            yield return new object[] { "MaxLatency", 1, "ConfigurationUnknownSetting", "Known settings in Analysis: Enabled, MaxErrorRatePercent, MaxResponseTimeSeconds, ResponseTimeStatistic, MinRequestCount, FailWhenInconclusive, Alarms, PeriodSeconds." };
        }

        [Theory]
        [MemberData(nameof(BadAnalysisSettings))]
        public void Bad_Analysis_settings_name_the_key_and_the_fix(string key, object value, string errorId, string message)
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Project"] = "shop", ["LoadBalancer"] = "shop-alb", ["Analysis"] = new Dictionary<string, object?> { [key] = value } };

            var error = Assert.Throws<BlueGreenException>(() => ProjectConfigurationReader.Read(values, "/srv/shop/bluegreen.psd1"));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidData, error.Category);
            Assert.Contains(message, error.Message);
        }

        [Fact]
        public void The_Analysis_section_is_read_and_New_BgConfiguration_s_template_reads_back_the_same()
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Project"] = "shop",
                ["LoadBalancer"] = "shop-alb",
                ["Deployment"] = new Dictionary<string, object?> { ["CanarySteps"] = new object[] { 10, 50 }, ["CanaryStickinessSeconds"] = 120 },
                ["Analysis"] = new Dictionary<string, object?>
                {
                    ["MaxErrorRatePercent"] = 2.5,
                    ["MaxResponseTimeSeconds"] = 0.8,
                    ["ResponseTimeStatistic"] = "p99",
                    ["MinRequestCount"] = 50,
                    ["FailWhenInconclusive"] = true,
                    ["Alarms"] = new object[] { "shop-5xx" },
                    ["PeriodSeconds"] = 1,
                },
            };

            ProjectConfiguration config = ProjectConfigurationReader.Read(values, null);

            AnalysisSettings a = config.Analysis;
            Assert.True(a.Enabled);
            Assert.Equal(2.5, a.MaxErrorRatePercent);
            Assert.Equal(TimeSpan.FromSeconds(0.8), a.MaxResponseTime);
            Assert.Equal("p99", a.ResponseTimeStatistic);
            Assert.Equal(50, a.MinRequestCount);
            Assert.True(a.FailWhenInconclusive);
            Assert.Equal(new[] { "shop-5xx" }, a.Alarms);
            Assert.Equal(1, a.PeriodSeconds);
            Assert.Equal(new[] { 10, 50 }, config.Deployment.CanarySteps);
            Assert.Equal(TimeSpan.FromSeconds(120), config.Deployment.CanaryStickiness);
            ReleaseOptions options = ReleaseOptions.FromConfiguration(config, "v2");
            options.Validate();
            Assert.Equal(10, options.CanaryWeight);

            string text = ProjectConfigurationTemplate.Render(config);
            Assert.Contains("CanarySteps = @(10, 50)", text);
            Assert.Contains("    Analysis = @{", text);
            Assert.Contains("MaxErrorRatePercent = 2.5", text);
            Assert.Contains("Alarms = @('shop-5xx')", text);
        }

        [Theory]
        [InlineData(new[] { 50, 10 }, 0, "CanarySteps")]
        [InlineData(new[] { 10, 10 }, 0, "CanarySteps")]
        [InlineData(new[] { 10, 100 }, 0, "CanarySteps")]
        [InlineData(new[] { 1, 2, 3, 4, 5, 6 }, 0, "CanarySteps")]
        [InlineData(new[] { 10, 50 }, 20, "CanaryWeight")]
        public void Canary_steps_must_rise_from_1_to_99_and_agree_with_the_canary_weight(int[] steps, int weight, string parameter)
        {
            var options = new ReleaseOptions { Release = "v2", CanarySteps = steps, CanaryWeight = weight };

            var error = Assert.Throws<BlueGreenException>(options.Validate);

            Assert.Equal("InvalidDeploymentOption", error.ErrorId);
            Assert.Equal(parameter, error.Target);
            Assert.StartsWith("-" + parameter, error.Message);
        }
    }
}
