using System;
using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using Amazon.Runtime;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using Xunit;
using Action = BlueGreen.Aws.ElasticLoadBalancing.Model.Action;
using static BlueGreen.Tests.Unit.Aws.RecordedResponses;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>Recorded ELBv2 answers read back through the SDK pipeline: results, errors and Marker pagination.</summary>
    public sealed class ElasticLoadBalancingV2UnmarshallingTests
    {
        [Fact]
        public async Task DescribeLoadBalancers_reads_every_member()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeLoadBalancers(null, "shop"));
            using var client = TestClients.ElasticLoadBalancing(http);

            LoadBalancer loadBalancer = Assert.Single(await client.DescribeLoadBalancersAsync(names: new[] { "shop" }));

            Assert.Equal(LoadBalancerArn, loadBalancer.LoadBalancerArn);
            Assert.Equal("shop", loadBalancer.LoadBalancerName);
            Assert.Equal("shop-424835706.eu-west-1.elb.amazonaws.com", loadBalancer.DNSName);
            Assert.Equal("internet-facing", loadBalancer.Scheme);
            Assert.Equal("application", loadBalancer.Type);
            Assert.Equal("active", loadBalancer.State!.Code);
            Assert.Equal("vpc-3ac0fb5f", loadBalancer.VpcId);
            Assert.Equal("Z2P70J7EXAMPLE", loadBalancer.CanonicalHostedZoneId);
            Assert.Equal(new DateTime(2016, 3, 25, 21, 26, 12, 920, DateTimeKind.Utc), loadBalancer.CreatedTime!.Value.ToUniversalTime());
            Assert.Equal(new[] { "sg-5943793c" }, loadBalancer.SecurityGroups);
            Assert.Equal(new[] { "eu-west-1a", "eu-west-1b" }, loadBalancer.AvailabilityZones.ConvertAll(zone => zone.ZoneName));
            Assert.Equal("subnet-b7d581c0", loadBalancer.AvailabilityZones[1].SubnetId);
        }

        [Fact]
        public async Task DescribeTargetGroups_reads_health_check_settings_and_load_balancers()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeTargetGroups);
            using var client = TestClients.ElasticLoadBalancing(http);

            IReadOnlyList<TargetGroup> groups = await client.DescribeTargetGroupsAsync(loadBalancerArn: LoadBalancerArn);

            Assert.Equal(2, groups.Count);
            TargetGroup blue = groups[0];
            Assert.Equal(BlueArn, blue.TargetGroupArn);
            Assert.Equal("shop-blue", blue.TargetGroupName);
            Assert.Equal("HTTP", blue.Protocol);
            Assert.Equal(80, blue.Port);
            Assert.Equal("vpc-3ac0fb5f", blue.VpcId);
            Assert.Equal("instance", blue.TargetType);
            Assert.Equal("HTTP1", blue.ProtocolVersion);
            Assert.True(blue.HealthCheckEnabled);
            Assert.Equal("HTTP", blue.HealthCheckProtocol);
            Assert.Equal("traffic-port", blue.HealthCheckPort);
            Assert.Equal("/health/", blue.HealthCheckPath);
            Assert.Equal(30, blue.HealthCheckIntervalSeconds);
            Assert.Equal(5, blue.HealthCheckTimeoutSeconds);
            Assert.Equal(5, blue.HealthyThresholdCount);
            Assert.Equal(2, blue.UnhealthyThresholdCount);
            Assert.Equal("200", blue.Matcher!.HttpCode);
            Assert.Equal(new[] { LoadBalancerArn }, blue.LoadBalancerArns);
            Assert.Empty(groups[1].LoadBalancerArns);
            Assert.Null(groups[1].Matcher);
            Assert.Null(groups[1].HealthCheckEnabled);
        }

        [Fact]
        public async Task DescribeListeners_reads_weighted_forward_authenticate_and_redirect_actions()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeListeners);
            using var client = TestClients.ElasticLoadBalancing(http);

            IReadOnlyList<Listener> listeners = await client.DescribeListenersAsync(LoadBalancerArn);

            Assert.Equal(3, listeners.Count);
            Listener http80 = listeners[0];
            Assert.Equal(HttpListenerArn, http80.ListenerArn);
            Assert.Equal(LoadBalancerArn, http80.LoadBalancerArn);
            Assert.Equal(80, http80.Port);
            Assert.Equal("HTTP", http80.Protocol);
            Action weighted = Assert.Single(http80.DefaultActions);
            Assert.Equal(ActionTypeEnum.Forward, weighted.Type);
            Assert.Equal(1, weighted.Order);
            Assert.Null(weighted.TargetGroupArn);
            Assert.Equal(new[] { BlueArn, GreenArn }, weighted.ForwardConfig!.TargetGroups.ConvertAll(group => group.TargetGroupArn));
            Assert.Equal(new int?[] { 90, 10 }, weighted.ForwardConfig.TargetGroups.ConvertAll(group => group.Weight));
            Assert.True(weighted.ForwardConfig.TargetGroupStickinessConfig!.Enabled);
            Assert.Equal(300, weighted.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds);

            Listener https = listeners[1];
            Assert.Equal("ELBSecurityPolicy-TLS13-1-2-2021-06", https.SslPolicy);
            Assert.Equal("arn:aws:acm:eu-west-1:123456789012:certificate/3dcb0a41", Assert.Single(https.Certificates).CertificateArn);
            Assert.Equal(2, https.DefaultActions.Count);
            AuthenticateOidcActionConfig oidc = https.DefaultActions[0].AuthenticateOidcConfig!;
            Assert.Equal("https://idp.example.com", oidc.Issuer);
            Assert.Equal("shop", oidc.ClientId);
            Assert.Null(oidc.ClientSecret);
            Assert.Equal(604800L, oidc.SessionTimeout);
            Assert.Equal("login", oidc.AuthenticationRequestExtraParams["prompt"]);
            Assert.Equal("authenticate", oidc.OnUnauthenticatedRequest);
            Assert.Equal(BlueArn, https.DefaultActions[1].TargetGroupArn);
            Assert.False(https.DefaultActions[1].ForwardConfig!.TargetGroupStickinessConfig!.Enabled);

            RedirectActionConfig redirect = Assert.Single(listeners[2].DefaultActions).RedirectConfig!;
            Assert.Equal("redirect", listeners[2].DefaultActions[0].Type);
            Assert.Equal(("HTTPS", "443", "#{host}", "/#{path}", "#{query}", "HTTP_301"),
                (redirect.Protocol, redirect.Port, redirect.Host, redirect.Path, redirect.Query, redirect.StatusCode));
        }

        [Fact]
        public async Task DescribeRules_reads_every_condition_kind_and_the_default_rule()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeRules);
            using var client = TestClients.ElasticLoadBalancing(http);

            IReadOnlyList<Rule> rules = await client.DescribeRulesAsync(HttpListenerArn);

            Assert.Equal(2, rules.Count);
            Rule rule = rules[0];
            Assert.Equal(RuleArn, rule.RuleArn);
            Assert.Equal("10", rule.Priority);
            Assert.False(rule.IsDefault);
            Assert.Equal(6, rule.Conditions.Count);
            Assert.Equal(new[] { "/api/*" }, rule.Conditions[0].Values);
            Assert.Equal(new[] { "/api/*" }, rule.Conditions[0].PathPatternConfig!.Values);
            Assert.Equal("X-Canary", rule.Conditions[1].HttpHeaderConfig!.HttpHeaderName);
            Assert.Equal(new[] { "yes" }, rule.Conditions[1].HttpHeaderConfig!.Values);
            Assert.Equal(("version", "2"), (rule.Conditions[2].QueryStringConfig!.Values[0].Key, rule.Conditions[2].QueryStringConfig!.Values[0].Value));
            Assert.Equal(new[] { "10.0.0.0/8" }, rule.Conditions[3].SourceIpConfig!.Values);
            Assert.Equal(new[] { "GET", "HEAD" }, rule.Conditions[4].HttpRequestMethodConfig!.Values);
            Assert.Equal(new[] { "shop.example.com" }, rule.Conditions[5].HostHeaderConfig!.Values);
            Assert.Equal(BlueArn, Assert.Single(rule.Actions).TargetGroupArn);

            Rule defaultRule = rules[1];
            Assert.True(defaultRule.IsDefault);
            Assert.Equal("default", defaultRule.Priority);
            Assert.Empty(defaultRule.Conditions);
            FixedResponseActionConfig fixedResponse = Assert.Single(defaultRule.Actions).FixedResponseConfig!;
            Assert.Equal(("404", "text/plain", "Not here"), (fixedResponse.StatusCode, fixedResponse.ContentType, fixedResponse.MessageBody));
        }

        [Fact]
        public async Task DescribeTargetHealth_reads_targets_states_and_reasons()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeTargetHealth);
            using var client = TestClients.ElasticLoadBalancing(http);

            IReadOnlyList<TargetHealthDescription> health = await client.DescribeTargetHealthAsync(BlueArn);

            Assert.Equal(2, health.Count);
            Assert.Equal(("i-0f76fade435676abd", 80, "80"), (health[0].Target!.Id, health[0].Target!.Port, health[0].HealthCheckPort));
            Assert.Equal(TargetHealthStateEnum.Healthy, health[0].TargetHealth!.State);
            Assert.Null(health[0].TargetHealth!.Reason);
            Assert.Equal("unhealthy", health[1].TargetHealth!.State);
            Assert.Equal("Target.ResponseCodeMismatch", health[1].TargetHealth!.Reason);
            Assert.Equal("Health checks failed with these codes: [500]", health[1].TargetHealth!.Description);
            Assert.Equal("eu-west-1a", health[1].Target!.AvailabilityZone);
        }

        [Fact]
        public async Task DescribeTags_reads_tags_including_empty_values()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeTags(BlueArn, GreenArn));
            using var client = TestClients.ElasticLoadBalancing(http);

            IReadOnlyList<TagDescription> descriptions = await client.DescribeTagsAsync(new[] { BlueArn, GreenArn });

            Assert.Equal(new[] { BlueArn, GreenArn }, new[] { descriptions[0].ResourceArn, descriptions[1].ResourceArn });
            Assert.Equal(("bluegreen:project", "shop"), (descriptions[0].Tags[0].Key, descriptions[0].Tags[0].Value));
            Assert.Equal(("empty", string.Empty), (descriptions[1].Tags[1].Key, descriptions[1].Tags[1].Value));
        }

        [Fact]
        public async Task ModifyListener_and_ModifyRule_return_the_resource_as_it_now_is()
        {
            var http = new RecordingHttpHandler().Respond(Listeners("ModifyListener", GreenArn)).Respond(Rules("ModifyRule", GreenArn));
            using var client = TestClients.ElasticLoadBalancing(http);

            Listener listener = await client.ModifyListenerAsync(HttpListenerArn, new[] { new Action { Type = "forward", TargetGroupArn = GreenArn } });
            Rule rule = await client.ModifyRuleAsync(RuleArn, new[] { new Action { Type = "forward", TargetGroupArn = GreenArn } });

            Assert.Equal(GreenArn, Assert.Single(listener.DefaultActions).TargetGroupArn);
            Assert.Equal(GreenArn, Assert.Single(rule.Actions).TargetGroupArn);
            Assert.Equal("path-pattern", Assert.Single(rule.Conditions).Field);
        }

        [Fact]
        public async Task Describe_calls_follow_NextMarker_across_pages()
        {
            var http = new RecordingHttpHandler()
                .Respond(RecordedResponses.DescribeLoadBalancers("page-2", "lb-1", "lb-2"))
                .Respond(RecordedResponses.DescribeLoadBalancers("page-3", "lb-3"))
                .Respond(RecordedResponses.DescribeLoadBalancers(null, "lb-4"));
            using var client = TestClients.ElasticLoadBalancing(http);

            IReadOnlyList<LoadBalancer> all = await client.DescribeLoadBalancersAsync();

            Assert.Equal(new[] { "lb-1", "lb-2", "lb-3", "lb-4" }, new List<LoadBalancer>(all).ConvertAll(lb => lb.LoadBalancerName));
            Assert.Equal(3, http.Requests.Count);
            Assert.False(http.Requests[0].FormDictionary.ContainsKey("Marker"));
            Assert.Equal("page-2", http.Requests[1].FormDictionary["Marker"]);
            Assert.Equal("page-3", http.Requests[2].FormDictionary["Marker"]);
        }

        [Fact]
        public async Task Describe_calls_stop_when_a_marker_repeats()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeLoadBalancers("same", "lb-1"));
            using var client = TestClients.ElasticLoadBalancing(http);

            var failure = await Assert.ThrowsAsync<System.IO.InvalidDataException>(() => client.DescribeLoadBalancersAsync());

            Assert.Contains("'same'", failure.Message);
            Assert.Equal(2, http.Requests.Count);
        }

        [Fact]
        public async Task Not_found_errors_become_typed_exceptions_with_the_AWS_code()
        {
            var http = new RecordingHttpHandler()
                .Respond(Error("LoadBalancerNotFound", "One or more load balancers not found"), HttpStatusCode.BadRequest)
                .Respond(Error("TargetGroupNotFound", "Target groups 'x' not found"), HttpStatusCode.BadRequest)
                .Respond(Error("ListenerNotFound", "One or more listeners not found"), HttpStatusCode.BadRequest)
                .Respond(Error("RuleNotFound", "One or more rules not found"), HttpStatusCode.BadRequest);
            using var client = TestClients.ElasticLoadBalancing(http);

            var loadBalancer = await Assert.ThrowsAsync<ElasticLoadBalancingV2Exception>(() => client.DescribeLoadBalancersAsync(names: new[] { "nope" }));
            var targetGroup = await Assert.ThrowsAsync<ElasticLoadBalancingV2Exception>(() => client.DescribeTargetGroupsAsync(names: new[] { "x" }));
            var listener = await Assert.ThrowsAsync<ElasticLoadBalancingV2Exception>(() => client.DescribeRulesAsync(HttpListenerArn));
            var rule = await Assert.ThrowsAsync<ElasticLoadBalancingV2Exception>(() => client.ModifyRuleAsync(RuleArn, new[] { new Action { Type = "forward", TargetGroupArn = BlueArn } }));

            Assert.Equal("LoadBalancerNotFound", loadBalancer.ErrorCode);
            Assert.Equal(new[] { "TargetGroupNotFound", "ListenerNotFound", "RuleNotFound" }, new[] { targetGroup.ErrorCode, listener.ErrorCode, rule.ErrorCode });
            Assert.Equal("One or more load balancers not found", loadBalancer.Message);
            Assert.Equal(HttpStatusCode.BadRequest, loadBalancer.StatusCode);
            Assert.Equal(ErrorType.Sender, loadBalancer.ErrorType);
            Assert.Equal("a6e2a4b1-9e0c-4c1d-8b45-3d3c7a0f0e11", loadBalancer.RequestId);
            Assert.Equal(4, http.Requests.Count);
        }

        [Fact]
        public async Task Other_errors_keep_their_code_and_are_not_retried()
        {
            var http = new RecordingHttpHandler().Respond(Error("ValidationError", "1 validation error detected"), HttpStatusCode.BadRequest);
            using var client = TestClients.ElasticLoadBalancing(http);

            var failure = await Assert.ThrowsAsync<ElasticLoadBalancingV2Exception>(() => client.DescribeListenersAsync("arn:bad"));

            Assert.Equal("ValidationError", failure.ErrorCode);
            Assert.Equal("1 validation error detected", failure.Message);
            Assert.Single(http.Requests);
        }

        [Fact]
        public async Task Throttling_is_retried_by_the_SDK_and_then_succeeds()
        {
            var http = new RecordingHttpHandler()
                .Respond(Error("Throttling", "Rate exceeded"), HttpStatusCode.BadRequest)
                .Respond(Error("Throttling", "Rate exceeded"), HttpStatusCode.BadRequest)
                .Respond(Listeners("ModifyListener", GreenArn));
            using var client = TestClients.ElasticLoadBalancing(http);

            Listener listener = await client.ModifyListenerAsync(HttpListenerArn, new[] { new Action { Type = "forward", TargetGroupArn = GreenArn } });

            Assert.Equal(GreenArn, listener.DefaultActions[0].TargetGroupArn);
            Assert.Equal(3, http.Requests.Count);
            Assert.All(http.Requests, request => Assert.Equal("ModifyListener", request.FormDictionary["Action"]));
        }

        [Fact]
        public async Task Throttling_that_outlasts_the_retries_surfaces_with_its_code()
        {
            var http = new RecordingHttpHandler().Respond(Error("Throttling", "Rate exceeded"), HttpStatusCode.BadRequest);
            using var client = TestClients.ElasticLoadBalancing(http, config => config.MaxErrorRetry = 1);

            var failure = await Assert.ThrowsAsync<ElasticLoadBalancingV2Exception>(() => client.DescribeListenersAsync(LoadBalancerArn));

            Assert.Equal("Throttling", failure.ErrorCode);
            Assert.Equal(2, http.Requests.Count);
        }

        [Fact]
        public async Task Server_errors_are_retried()
        {
            var http = new RecordingHttpHandler()
                .Respond(Error("InternalFailure", "internal error", "Receiver"), HttpStatusCode.InternalServerError)
                .Respond(Empty("RegisterTargets"));
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.RegisterTargetsAsync(BlueArn, new[] { new TargetDescription { Id = "i-1" } });

            Assert.Equal(2, http.Requests.Count);
        }
    }
}
