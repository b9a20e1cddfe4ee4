using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon;
using BlueGreen.Aws.CloudWatch;
using BlueGreen.Aws.CloudWatch.Model;
using BlueGreen.Sandbox;
using Xunit;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>
    /// CloudWatch end to end against the sandbox: BlueGreen's client over the Query protocol, and raw AWS JSON 1.0
    /// requests (X-Amz-Target: GraniteServiceVersion20100801.*) as newer SDKs send them, answered by the same operations.
    /// </summary>
    public sealed class CloudWatchSandboxTests : IDisposable
    {
        private static readonly DateTime Start = new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc);

        private readonly AwsSandbox _sandbox = AwsSandbox.Start(new SandboxOptions());
        private readonly CloudWatchClient _client;
        private readonly HttpClient _http = new HttpClient();

        public CloudWatchSandboxTests()
        {
            var config = new CloudWatchConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(_sandbox.Region) };
            config.ServiceURL = _sandbox.Endpoint.AbsoluteUri;
            config.AuthenticationRegion = _sandbox.Region;
            _client = new CloudWatchClient(TestClients.DummyCredentials, config);
        }

        public void Dispose()
        {
            _client.Dispose();
            _http.Dispose();
            _sandbox.Dispose();
        }

        [Fact]
        public async Task GetMetricData_answers_each_returned_query_without_datapoints()
        {
            IReadOnlyList<MetricDataResult> results = await _client.GetMetricDataAsync(
                new[]
                {
                    new MetricDataQuery { Id = "errors", MetricStat = Sum("HTTPCode_Target_5XX_Count") },
                    new MetricDataQuery { Id = "requests", MetricStat = Sum("RequestCount"), ReturnData = false },
                    new MetricDataQuery { Id = "rate", Expression = "errors / requests", Label = "error rate" },
                },
                Start, Start.AddHours(1));

            Assert.Equal(new[] { "errors", "rate" }, results.Select(r => r.Id));
            Assert.Equal(new[] { "HTTPCode_Target_5XX_Count", "error rate" }, results.Select(r => r.Label));
            Assert.All(results, r => Assert.Equal("Complete", r.StatusCode));
            Assert.All(results, r => Assert.Empty(r.Values));
            Assert.Equal("GetMetricData", _sandbox.Requests.Last().Action);
        }

        [Fact]
        public async Task The_sandbox_validates_GetMetricData_against_the_model()
        {
            var failure = await Assert.ThrowsAsync<Amazon.Runtime.AmazonServiceException>(() =>
                _client.GetMetricDataAsync(new[] { new MetricDataQuery { Id = "errors", MetricStat = Sum("RequestCount") } }, Start, Start.AddHours(-1)));
            Assert.Equal("ValidationError", failure.ErrorCode);

            // The client validates first: a query without its required Id never leaves the process.
            var invalid = await Assert.ThrowsAsync<BlueGreen.Aws.Protocol.ShapeValidationException>(() =>
                _client.GetMetricDataAsync(new[] { new MetricDataQuery { MetricStat = Sum("RequestCount") } }, Start, Start.AddHours(1)));
            Assert.Contains("Value null at 'metricDataQueries.1.member.id' failed to satisfy constraint: Member must not be null", invalid.Message);
        }

        [Fact]
        public async Task Alarms_put_over_JSON_1_0_are_described_over_the_Query_protocol()
        {
            using HttpResponseMessage put = await PostJsonAsync("PutMetricAlarm", new
            {
                AlarmName = "shop-5xx",
                Namespace = "AWS/ApplicationELB",
                MetricName = "HTTPCode_Target_5XX_Count",
                Dimensions = new[] { new { Name = "TargetGroup", Value = "targetgroup/shop-green/2453ed029918f21f" } },
                Statistic = "Sum",
                Period = 60,
                EvaluationPeriods = 3,
                Threshold = 5.0,
                ComparisonOperator = "GreaterThanThreshold",
            });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal("application/x-amz-json-1.0", put.Content.Headers.ContentType?.MediaType);

            IReadOnlyList<MetricAlarm> alarms = await _client.DescribeAlarmsAsync(alarmNamePrefix: "shop-");
            MetricAlarm alarm = Assert.Single(alarms);
            Assert.Equal("INSUFFICIENT_DATA", alarm.StateValue);
            Assert.Equal(5.0, alarm.Threshold);
            Assert.Equal("TargetGroup", alarm.Dimensions.Single().Name);
            Assert.Equal($"arn:aws:cloudwatch:{_sandbox.Region}:123456789012:alarm:shop-5xx", alarm.AlarmArn);
            Assert.Empty(await _client.DescribeAlarmsAsync(new[] { "other" }));

            using HttpResponseMessage described = await PostJsonAsync("DescribeAlarms", new { AlarmNames = new[] { "shop-5xx" } });
            using JsonDocument body = JsonDocument.Parse(await described.Content.ReadAsStringAsync());
            JsonElement json = body.RootElement.GetProperty("MetricAlarms")[0];
            Assert.Equal("shop-5xx", json.GetProperty("AlarmName").GetString());
            Assert.Equal(JsonValueKind.Number, json.GetProperty("StateUpdatedTimestamp").ValueKind);
        }

        [Fact]
        public async Task JSON_1_0_requests_are_validated_and_errors_carry_their_type()
        {
            using HttpResponseMessage data = await PostJsonAsync("GetMetricData", new
            {
                MetricDataQueries = new[] { new { Id = "errors", Expression = "SUM(METRICS())" } },
                StartTime = 1796637600,
                EndTime = 1796641200,
            });
            using JsonDocument answer = JsonDocument.Parse(await data.Content.ReadAsStringAsync());
            Assert.Equal("errors", answer.RootElement.GetProperty("MetricDataResults")[0].GetProperty("Id").GetString());

            using HttpResponseMessage missing = await PostJsonAsync("GetMetricData", new { StartTime = 1796637600, EndTime = 1796641200 });
            using JsonDocument error = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Equal("ValidationError", error.RootElement.GetProperty("__type").GetString());
            Assert.Contains("'metricDataQueries' failed to satisfy constraint: Member must not be null", error.RootElement.GetProperty("message").GetString());
        }

        [Fact]
        public async Task GetMetricData_answers_what_was_served_per_target_group_and_load_balancer_in_1_second_periods()
        {
            const string Listener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop-lb/50dc6c495c0c9188/f2f7dc8efc522ab2";
            const string Green = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-green/2453ed029918f21f";
            long second = new DateTimeOffset(Start).ToUnixTimeSeconds();
            _sandbox.Metrics.Record(new[]
            {
                Tally(Listener, Green, second, ok: 8, errors: 2, times: new[] { 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 1.0 }),
                Tally(Listener, Green, second + 1, ok: 4, errors: 0, times: new[] { 0.1, 0.1, 0.1, 0.1 }),
                new BlueGreen.Sandbox.DataPlane.RequestTally { ListenerArn = Listener, Second = second + 1, Requests = 3, Elb5xx = 3 },
            });
            var group = new List<Dimension> { new Dimension { Name = "LoadBalancer", Value = "app/shop-lb/50dc6c495c0c9188" }, new Dimension { Name = "TargetGroup", Value = "targetgroup/shop-green/2453ed029918f21f" } };
            var balancer = new List<Dimension> { group[0] };

            IReadOnlyList<MetricDataResult> results = await _client.GetMetricDataAsync(
                new[]
                {
                    new MetricDataQuery { Id = "requests", MetricStat = Stat("RequestCount", group, "Sum", 1) },
                    new MetricDataQuery { Id = "errors", MetricStat = Stat("HTTPCode_Target_5XX_Count", group, "Sum", 60) },
                    new MetricDataQuery { Id = "p90", MetricStat = Stat("TargetResponseTime", group, "p90", 60) },
                    new MetricDataQuery { Id = "average", MetricStat = Stat("TargetResponseTime", group, "Average", 60) },
                    new MetricDataQuery { Id = "elb", MetricStat = Stat("HTTPCode_ELB_5XX_Count", balancer, "Sum", 60) },
                    new MetricDataQuery { Id = "all", MetricStat = Stat("RequestCount", balancer, "Sum", 60) },
                    new MetricDataQuery { Id = "groupElb", MetricStat = Stat("HTTPCode_ELB_5XX_Count", group, "Sum", 60) },
                },
                Start, Start.AddMinutes(1));

            MetricDataResult requests = results.Single(r => r.Id == "requests");
            Assert.Equal(new[] { 4.0, 10.0 }, requests.Values);
            Assert.Equal(new[] { Start.AddSeconds(1), Start }, requests.Timestamps.Select(t => t.ToUniversalTime()));
            Assert.Equal(new[] { 2.0 }, results.Single(r => r.Id == "errors").Values);
            Assert.Equal(new[] { 0.1 }, results.Single(r => r.Id == "p90").Values);
            Assert.Equal(1.85 / 14, results.Single(r => r.Id == "average").Values.Single(), 6);
            Assert.Equal(new[] { 3.0 }, results.Single(r => r.Id == "elb").Values);
            Assert.Equal(new[] { 17.0 }, results.Single(r => r.Id == "all").Values);
            Assert.Empty(results.Single(r => r.Id == "groupElb").Values);

            var invalid = await Assert.ThrowsAsync<Amazon.Runtime.AmazonServiceException>(() => _client.GetMetricDataAsync(
                new[] { new MetricDataQuery { Id = "x", MetricStat = Stat("RequestCount", group, "Median", 60) } }, Start, Start.AddMinutes(1)));
            Assert.Contains("not a valid statistic", invalid.Message);
        }

        [Fact]
        public async Task Alarms_are_evaluated_on_the_metrics_and_SetAlarmState_holds_until_the_next_evaluation()
        {
            const string Listener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop-lb/50dc6c495c0c9188/f2f7dc8efc522ab2";
            const string Green = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-green/2453ed029918f21f";
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            _sandbox.Metrics.Record(Enumerable.Range(1, 30).Select(ago => Tally(Listener, Green, now - ago, ok: 1, errors: 9, times: new[] { 0.5 })));
            using (HttpResponseMessage put = await PostJsonAsync("PutMetricAlarm", new
            {
                AlarmName = "shop-green-5xx",
                Namespace = "AWS/ApplicationELB",
                MetricName = "HTTPCode_Target_5XX_Count",
                Dimensions = new[] { new { Name = "LoadBalancer", Value = "app/shop-lb/50dc6c495c0c9188" }, new { Name = "TargetGroup", Value = "targetgroup/shop-green/2453ed029918f21f" } },
                Statistic = "Sum",
                Period = 10,
                EvaluationPeriods = 1,
                Threshold = 5.0,
                ComparisonOperator = "GreaterThanThreshold",
                TreatMissingData = "notBreaching",
            }))
            {
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }

            // The last complete 10 s period had 9 errors a second (81 or 90: the test's clock and the sandbox's may be a second apart).
            MetricAlarm alarm = Assert.Single(await _client.DescribeAlarmsAsync(new[] { "shop-green-5xx" }));
            Assert.Equal("ALARM", alarm.StateValue);
            Assert.StartsWith("Threshold Crossed: 1 out of the last 1 datapoints [", alarm.StateReason);

            using (HttpResponseMessage set = await PostJsonAsync("SetAlarmState", new { AlarmName = "shop-green-5xx", StateValue = "ALARM", StateReason = "test" }))
            {
                Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            }

            using (HttpResponseMessage set = await PostJsonAsync("SetAlarmState", new { AlarmName = "shop-green-5xx", StateValue = "OK", StateReason = "test" }))
            {
                Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            }

            alarm = Assert.Single(await _client.DescribeAlarmsAsync(new[] { "shop-green-5xx" }));
            Assert.Equal("OK", alarm.StateValue);
            Assert.Equal("test", alarm.StateReason);

            using HttpResponseMessage unknown = await PostJsonAsync("SetAlarmState", new { AlarmName = "nope", StateValue = "OK", StateReason = "test" });
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        private static BlueGreen.Sandbox.DataPlane.RequestTally Tally(string listener, string group, long second, int ok, int errors, double[] times) => new BlueGreen.Sandbox.DataPlane.RequestTally
        {
            ListenerArn = listener,
            TargetGroupArn = group,
            Second = second,
            Requests = ok + errors,
            TargetCodes = new[] { ok, 0, 0, errors },
            ResponseTimes = times.ToList(),
        };

        private static MetricStat Stat(string metricName, List<Dimension> dimensions, string stat, int period) => new MetricStat
        {
            Metric = new Metric { Namespace = "AWS/ApplicationELB", MetricName = metricName, Dimensions = dimensions },
            Period = period,
            Stat = stat,
        };

        private static MetricStat Sum(string metricName) => new MetricStat
        {
            Metric = new Metric { Namespace = "AWS/ApplicationELB", MetricName = metricName },
            Period = 60,
            Stat = "Sum",
        };

        private Task<HttpResponseMessage> PostJsonAsync(string operation, object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, _sandbox.Endpoint)
            {
                Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/x-amz-json-1.0"),
            };
            request.Headers.Add("X-Amz-Target", "GraniteServiceVersion20100801." + operation);
            return _http.SendAsync(request);
        }
    }
}
