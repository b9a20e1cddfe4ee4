using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Amazon;
using BlueGreen.Aws.CloudWatch;
using BlueGreen.Aws.CloudWatch.Model;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using Xunit;
using ElbAction = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;
using Tag = BlueGreen.Aws.ElasticLoadBalancing.Model.Tag;
using static BlueGreen.Tests.Unit.Aws.RecordedResponses;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>
    /// BlueGreen's clients send, field by field, the form the official AWS CLI sends for the same input (captured once
    /// from /usr/bin/aws by tools/models/capture_cli_forms.py into TestData/CliForms): the switch, lock and release
    /// calls reach any emulator exactly as the CLI's would.
    /// </summary>
    public sealed class CliFormTests
    {
        private static readonly TargetDescription Instance8000 = new TargetDescription { Id = "i-0123456789abcdef0", Port = 8000 };

        public static IEnumerable<object[]> ElasticLoadBalancingCases() => new[]
        {
            Case("DescribeLoadBalancers", DescribeLoadBalancers(null, "shop"), c => c.DescribeLoadBalancersAsync(names: new[] { "shop", "shop-old" })),
            Case("DescribeTargetGroups", RecordedResponses.DescribeTargetGroups, c => c.DescribeTargetGroupsAsync(loadBalancerArn: LoadBalancerArn)),
            Case("DescribeListeners", RecordedResponses.DescribeListeners, c => c.DescribeListenersAsync(LoadBalancerArn)),
            Case("DescribeRules", RecordedResponses.DescribeRules, c => c.DescribeRulesAsync(HttpListenerArn)),
            Case("DescribeTargetHealth", RecordedResponses.DescribeTargetHealth, c => c.DescribeTargetHealthAsync(BlueArn, new[] { Instance8000 })),
            Case("DescribeTags", RecordedResponses.DescribeTags(BlueArn, GreenArn), c => c.DescribeTagsAsync(new[] { BlueArn, GreenArn })),
            Case("ModifyListener", Listeners("ModifyListener", GreenArn), c => c.ModifyListenerAsync(HttpListenerArn, new[]
            {
                new ElbAction
                {
                    Type = ActionTypeEnum.Forward,
                    Order = 1,
                    ForwardConfig = new ForwardActionConfig
                    {
                        TargetGroups =
                        {
                            new TargetGroupTuple { TargetGroupArn = BlueArn, Weight = 90 },
                            new TargetGroupTuple { TargetGroupArn = GreenArn, Weight = 10 },
                        },
                        TargetGroupStickinessConfig = new TargetGroupStickinessConfig { Enabled = true, DurationSeconds = 300 },
                    },
                },
            })),
            Case("ModifyRule", Rules("ModifyRule", GreenArn), c => c.ModifyRuleAsync(RuleArn, new[] { new ElbAction { Type = ActionTypeEnum.Forward, TargetGroupArn = GreenArn } })),
            Case("RegisterTargets", Empty("RegisterTargets"), c => c.RegisterTargetsAsync(GreenArn, new[] { Instance8000, new TargetDescription { Id = "i-0fedcba9876543210" } })),
            Case("DeregisterTargets", Empty("DeregisterTargets"), c => c.DeregisterTargetsAsync(BlueArn, new[] { Instance8000 })),
            Case("AddTags", Empty("AddTags"), c => c.AddTagsAsync(new[] { BlueArn }, new[] { new Tag { Key = "bluegreen:color", Value = "blue" }, new Tag { Key = "empty", Value = string.Empty } })),
            Case("RemoveTags", Empty("RemoveTags"), c => c.RemoveTagsAsync(new[] { BlueArn }, new[] { "bluegreen:lock" })),
            Case("ModifyTargetGroupAttributes", TargetGroupAttributes("ModifyTargetGroupAttributes"), c => c.ModifyTargetGroupAttributesAsync(BlueArn, new[]
            {
                new TargetGroupAttribute { Key = "deregistration_delay.timeout_seconds", Value = "30" },
                new TargetGroupAttribute { Key = "stickiness.enabled", Value = "false" },
            })),
            Case("CreateTargetGroup", RecordedResponses.CreateTargetGroup, c => c.CreateTargetGroupAsync(new CreateTargetGroupRequest
            {
                Name = "shop-blue", Protocol = "HTTP", Port = 8000, VpcId = "vpc-3ac0fb5f", HealthCheckPath = "/health/", HealthCheckIntervalSeconds = 10,
                HealthyThresholdCount = 2, Matcher = new Matcher { HttpCode = "200-299" }, TargetType = "instance",
                Tags = { new Tag { Key = "bluegreen:project", Value = "shop" } },
            })),
            Case("CreateRule", Rules("CreateRule", GreenArn), c => c.CreateRuleAsync(new CreateRuleRequest
            {
                ListenerArn = HttpListenerArn,
                Priority = 10,
                Conditions =
                {
                    new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { Values = { "/admin/*" } } },
                    new RuleCondition { Field = "http-header", HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = "X-Canary", Values = { "1" } } },
                },
                Actions =
                {
                    new ElbAction
                    {
                        Type = ActionTypeEnum.FixedResponse,
                        FixedResponseConfig = new FixedResponseActionConfig { StatusCode = "503", ContentType = "text/plain", MessageBody = "maintenance" },
                    },
                },
            })),
            Case("DeleteRule", Empty("DeleteRule"), c => c.DeleteRuleAsync(RuleArn)),
        };

        [Theory]
        [MemberData(nameof(ElasticLoadBalancingCases))]
        public async Task ElasticLoadBalancing_sends_what_the_AWS_CLI_sends(string operation, string answer, Func<IElasticLoadBalancingV2, Task> call)
        {
            var http = new RecordingHttpHandler().Respond(answer);
            using (var client = TestClients.ElasticLoadBalancing(http))
            {
                await call(client);
            }

            Assert.Equal(CliForm(operation), Sorted(http.Requests[0].Form));
        }

        [Fact]
        public async Task CloudWatch_sends_what_the_AWS_CLI_sends()
        {
            var http = new RecordingHttpHandler()
                .Respond("<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><GetMetricDataResult><MetricDataResults/></GetMetricDataResult></GetMetricDataResponse>")
                .Respond("<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><DescribeAlarmsResult><MetricAlarms/></DescribeAlarmsResult></DescribeAlarmsResponse>");
            using var client = new CloudWatchClient(TestClients.DummyCredentials, new CloudWatchConfig
            {
                RegionEndpoint = RegionEndpoint.EUWest1,
                HttpClientFactory = new RecordingHttpClientFactory(http),
            });

            await client.GetMetricDataAsync(
                new[]
                {
                    new MetricDataQuery
                    {
                        Id = "errors",
                        MetricStat = new MetricStat
                        {
                            Metric = new Metric
                            {
                                Namespace = "AWS/ApplicationELB",
                                MetricName = "HTTPCode_Target_5XX_Count",
                                Dimensions = { new Dimension { Name = "TargetGroup", Value = "targetgroup/shop-green/2453ed029918f21f" } },
                            },
                            Period = 60,
                            Stat = "Sum",
                        },
                        ReturnData = true,
                    },
                },
                new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc),
                new DateTime(2026, 12, 7, 11, 0, 0, DateTimeKind.Utc));
            await client.DescribeAlarmsAsync(new[] { "shop-5xx", "shop-latency" });

            Assert.Equal(CliForm("GetMetricData"), Sorted(http.Requests[0].Form));
            Assert.Equal(CliForm("DescribeAlarms"), Sorted(http.Requests[1].Form));
            Assert.Equal("https://monitoring.eu-west-1.amazonaws.com/", http.Requests[0].Uri.AbsoluteUri);
            Assert.Contains("/eu-west-1/monitoring/aws4_request", http.Requests[0].Headers["Authorization"]);
        }

        private static object[] Case(string operation, string answer, Func<IElasticLoadBalancingV2, Task> call) => new object[] { operation, answer, call };

        /// <summary>The CLI's form for a case, decoded, as sorted name=value lines.</summary>
        private static List<string> CliForm(string operation)
        {
            string body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "CliForms", operation + ".form")).Trim();
            return Sorted(body.Split('&').Select(pair => pair.Split('=', 2)).Select(p => new KeyValuePair<string, string>(WebUtility.UrlDecode(p[0]), WebUtility.UrlDecode(p[1]))));
        }

        private static List<string> Sorted(IEnumerable<KeyValuePair<string, string>> form) =>
            form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value).ToList();
    }
}
