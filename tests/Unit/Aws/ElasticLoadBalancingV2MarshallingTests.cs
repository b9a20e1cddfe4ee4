using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using Xunit;
using static BlueGreen.Tests.Unit.Aws.RecordedResponses;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>The exact Query protocol form each ELBv2 operation sends (Action, Version, member.N nesting).</summary>
    public sealed class ElasticLoadBalancingV2MarshallingTests
    {
        private const string Version = "2015-12-01";

        [Fact]
        public async Task DescribeLoadBalancers_by_name_sends_names_as_members()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeLoadBalancers(null, "shop"));
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.DescribeLoadBalancersAsync(names: new[] { "shop", "shop-old" });

            FormAssert.Exactly(http.Requests[0], ("Action", "DescribeLoadBalancers"), ("Version", Version), ("Names.member.1", "shop"), ("Names.member.2", "shop-old"));
        }

        [Fact]
        public async Task DescribeLoadBalancers_by_arn_sends_arns_as_members()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeLoadBalancers(null, "shop"));
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.DescribeLoadBalancersAsync(loadBalancerArns: new[] { LoadBalancerArn });

            FormAssert.Exactly(http.Requests[0], ("Action", "DescribeLoadBalancers"), ("Version", Version), ("LoadBalancerArns.member.1", LoadBalancerArn));
        }

        [Fact]
        public async Task DescribeTargetGroups_sends_load_balancer_names_and_arns()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeTargetGroups);
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.DescribeTargetGroupsAsync(loadBalancerArn: LoadBalancerArn);
            await client.DescribeTargetGroupsAsync(names: new[] { "shop-blue", "shop-green" });
            await client.DescribeTargetGroupsAsync(targetGroupArns: new[] { BlueArn });

            FormAssert.Exactly(http.Requests[0], ("Action", "DescribeTargetGroups"), ("Version", Version), ("LoadBalancerArn", LoadBalancerArn));
            FormAssert.Exactly(http.Requests[1], ("Action", "DescribeTargetGroups"), ("Version", Version), ("Names.member.1", "shop-blue"), ("Names.member.2", "shop-green"));
            FormAssert.Exactly(http.Requests[2], ("Action", "DescribeTargetGroups"), ("Version", Version), ("TargetGroupArns.member.1", BlueArn));
        }

        [Fact]
        public async Task DescribeListeners_and_DescribeRules_send_their_parent_arn()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeListeners).Respond(RecordedResponses.DescribeRules);
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.DescribeListenersAsync(LoadBalancerArn);
            await client.DescribeRulesAsync(HttpListenerArn);

            FormAssert.Exactly(http.Requests[0], ("Action", "DescribeListeners"), ("Version", Version), ("LoadBalancerArn", LoadBalancerArn));
            FormAssert.Exactly(http.Requests[1], ("Action", "DescribeRules"), ("Version", Version), ("ListenerArn", HttpListenerArn));
        }

        [Fact]
        public async Task ModifyListener_flattens_weighted_forward_config_with_stickiness()
        {
            var http = new RecordingHttpHandler().Respond(Listeners("ModifyListener", GreenArn));
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.ModifyListenerAsync(HttpListenerArn, new[]
            {
                new Action
                {
                    Type = ActionTypeEnum.Forward,
                    Order = 1,
                    ForwardConfig = new ForwardActionConfig
                    {
                        TargetGroups =
                        {
                            new TargetGroupTuple { TargetGroupArn = BlueArn, Weight = 10 },
                            new TargetGroupTuple { TargetGroupArn = GreenArn, Weight = 90 },
                        },
                        TargetGroupStickinessConfig = new TargetGroupStickinessConfig { Enabled = true, DurationSeconds = 300 },
                    },
                },
            });

            FormAssert.Exactly(http.Requests[0],
                ("Action", "ModifyListener"), ("Version", Version), ("ListenerArn", HttpListenerArn),
                ("DefaultActions.member.1.Type", "forward"),
                ("DefaultActions.member.1.Order", "1"),
                ("DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn", BlueArn),
                ("DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.Weight", "10"),
                ("DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn", GreenArn),
                ("DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.Weight", "90"),
                ("DefaultActions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled", "true"),
                ("DefaultActions.member.1.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds", "300"));
        }

        [Fact]
        public async Task ModifyListener_sends_authenticate_oidc_read_back_with_UseExistingClientSecret()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.DescribeListeners).Respond(Listeners("ModifyListener", BlueArn));
            using var client = TestClients.ElasticLoadBalancing(http);
            IReadOnlyList<Listener> listeners = await client.DescribeListenersAsync(LoadBalancerArn);
            Listener https = listeners[1];

            await client.ModifyListenerAsync(https.ListenerArn!, https.DefaultActions);

            const string Oidc = "DefaultActions.member.1.AuthenticateOidcConfig.";
            FormAssert.Exactly(http.Requests[1],
                ("Action", "ModifyListener"), ("Version", Version), ("ListenerArn", https.ListenerArn!),
                ("DefaultActions.member.1.Type", "authenticate-oidc"),
                ("DefaultActions.member.1.Order", "1"),
                (Oidc + "Issuer", "https://idp.example.com"),
                (Oidc + "AuthorizationEndpoint", "https://idp.example.com/authorize"),
                (Oidc + "TokenEndpoint", "https://idp.example.com/token"),
                (Oidc + "UserInfoEndpoint", "https://idp.example.com/userinfo"),
                (Oidc + "ClientId", "shop"),
                (Oidc + "SessionCookieName", "AWSELBAuthSessionCookie"),
                (Oidc + "Scope", "openid"),
                (Oidc + "SessionTimeout", "604800"),
                (Oidc + "AuthenticationRequestExtraParams.entry.1.key", "prompt"),
                (Oidc + "AuthenticationRequestExtraParams.entry.1.value", "login"),
                (Oidc + "OnUnauthenticatedRequest", "authenticate"),
                (Oidc + "UseExistingClientSecret", "true"),
                ("DefaultActions.member.2.Type", "forward"),
                ("DefaultActions.member.2.Order", "2"),
                ("DefaultActions.member.2.TargetGroupArn", BlueArn),
                ("DefaultActions.member.2.ForwardConfig.TargetGroups.member.1.TargetGroupArn", BlueArn),
                ("DefaultActions.member.2.ForwardConfig.TargetGroups.member.1.Weight", "1"),
                ("DefaultActions.member.2.ForwardConfig.TargetGroupStickinessConfig.Enabled", "false"));
        }

        [Fact]
        public async Task ModifyListener_sends_a_new_oidc_client_secret_without_UseExistingClientSecret()
        {
            var http = new RecordingHttpHandler().Respond(Listeners("ModifyListener", BlueArn));
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.ModifyListenerAsync(HttpListenerArn, new[]
            {
                new Action
                {
                    Type = "authenticate-oidc",
                    AuthenticateOidcConfig = new AuthenticateOidcActionConfig
                    {
                        Issuer = "https://idp", AuthorizationEndpoint = "https://idp/a", TokenEndpoint = "https://idp/t",
                        UserInfoEndpoint = "https://idp/u", ClientId = "c", ClientSecret = "s3cret",
                    },
                },
            });

            IDictionary<string, string> form = http.Requests[0].FormDictionary;
            Assert.Equal("s3cret", form["DefaultActions.member.1.AuthenticateOidcConfig.ClientSecret"]);
            Assert.False(form.ContainsKey("DefaultActions.member.1.AuthenticateOidcConfig.UseExistingClientSecret"));
        }

        [Fact]
        public async Task ModifyRule_flattens_redirect_fixed_response_and_cognito_actions()
        {
            var http = new RecordingHttpHandler().Respond(Rules("ModifyRule", BlueArn));
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.ModifyRuleAsync(RuleArn, new[]
            {
                new Action
                {
                    Type = "authenticate-cognito", Order = 1,
                    AuthenticateCognitoConfig = new AuthenticateCognitoActionConfig
                    {
                        UserPoolArn = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc", UserPoolClientId = "client", UserPoolDomain = "shop",
                        OnUnauthenticatedRequest = "deny",
                    },
                },
                new Action
                {
                    Type = "redirect", Order = 2,
                    RedirectConfig = new RedirectActionConfig { Protocol = "HTTPS", Port = "443", Host = "#{host}", Path = "/#{path}", Query = "#{query}", StatusCode = "HTTP_302" },
                },
                new Action
                {
                    Type = ActionTypeEnum.FixedResponse, Order = 3,
                    FixedResponseConfig = new FixedResponseActionConfig { StatusCode = "503", ContentType = "text/plain", MessageBody = "Maintenance & upgrades" },
                },
            });

            FormAssert.Exactly(http.Requests[0],
                ("Action", "ModifyRule"), ("Version", Version), ("RuleArn", RuleArn),
                ("Actions.member.1.Type", "authenticate-cognito"),
                ("Actions.member.1.Order", "1"),
                ("Actions.member.1.AuthenticateCognitoConfig.UserPoolArn", "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"),
                ("Actions.member.1.AuthenticateCognitoConfig.UserPoolClientId", "client"),
                ("Actions.member.1.AuthenticateCognitoConfig.UserPoolDomain", "shop"),
                ("Actions.member.1.AuthenticateCognitoConfig.OnUnauthenticatedRequest", "deny"),
                ("Actions.member.2.Type", "redirect"),
                ("Actions.member.2.Order", "2"),
                ("Actions.member.2.RedirectConfig.Protocol", "HTTPS"),
                ("Actions.member.2.RedirectConfig.Port", "443"),
                ("Actions.member.2.RedirectConfig.Host", "#{host}"),
                ("Actions.member.2.RedirectConfig.Path", "/#{path}"),
                ("Actions.member.2.RedirectConfig.Query", "#{query}"),
                ("Actions.member.2.RedirectConfig.StatusCode", "HTTP_302"),
                ("Actions.member.3.Type", "fixed-response"),
                ("Actions.member.3.Order", "3"),
                ("Actions.member.3.FixedResponseConfig.StatusCode", "503"),
                ("Actions.member.3.FixedResponseConfig.ContentType", "text/plain"),
                ("Actions.member.3.FixedResponseConfig.MessageBody", "Maintenance & upgrades"));
        }

        [Fact]
        public async Task RegisterTargets_DeregisterTargets_and_DescribeTargetHealth_flatten_targets()
        {
            var http = new RecordingHttpHandler()
                .Respond(Empty("RegisterTargets")).Respond(Empty("DeregisterTargets")).Respond(RecordedResponses.DescribeTargetHealth).Respond(RecordedResponses.DescribeTargetHealth);
            using var client = TestClients.ElasticLoadBalancing(http);
            var targets = new[]
            {
                new TargetDescription { Id = "i-0f76fade435676abd", Port = 80 },
                new TargetDescription { Id = "10.0.1.15", Port = 8000, AvailabilityZone = "all" },
            };

            await client.RegisterTargetsAsync(BlueArn, targets);
            await client.DeregisterTargetsAsync(BlueArn, new[] { targets[0] });
            await client.DescribeTargetHealthAsync(BlueArn, new[] { targets[1] });
            await client.DescribeTargetHealthAsync(BlueArn);

            FormAssert.Exactly(http.Requests[0], ("Action", "RegisterTargets"), ("Version", Version), ("TargetGroupArn", BlueArn),
                ("Targets.member.1.Id", "i-0f76fade435676abd"), ("Targets.member.1.Port", "80"),
                ("Targets.member.2.Id", "10.0.1.15"), ("Targets.member.2.Port", "8000"), ("Targets.member.2.AvailabilityZone", "all"));
            FormAssert.Exactly(http.Requests[1], ("Action", "DeregisterTargets"), ("Version", Version), ("TargetGroupArn", BlueArn),
                ("Targets.member.1.Id", "i-0f76fade435676abd"), ("Targets.member.1.Port", "80"));
            FormAssert.Exactly(http.Requests[2], ("Action", "DescribeTargetHealth"), ("Version", Version), ("TargetGroupArn", BlueArn),
                ("Targets.member.1.Id", "10.0.1.15"), ("Targets.member.1.Port", "8000"), ("Targets.member.1.AvailabilityZone", "all"));
            FormAssert.Exactly(http.Requests[3], ("Action", "DescribeTargetHealth"), ("Version", Version), ("TargetGroupArn", BlueArn));
        }

        [Fact]
        public async Task AddTags_and_RemoveTags_flatten_arns_tags_and_keys()
        {
            var http = new RecordingHttpHandler().Respond(Empty("AddTags")).Respond(Empty("RemoveTags"));
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.AddTagsAsync(new[] { BlueArn, GreenArn }, new[] { new Tag { Key = "bluegreen:project", Value = "shop" }, new Tag { Key = "color", Value = "blue" } });
            await client.RemoveTagsAsync(new[] { BlueArn }, new[] { "color" });

            FormAssert.Exactly(http.Requests[0], ("Action", "AddTags"), ("Version", Version),
                ("ResourceArns.member.1", BlueArn), ("ResourceArns.member.2", GreenArn),
                ("Tags.member.1.Key", "bluegreen:project"), ("Tags.member.1.Value", "shop"),
                ("Tags.member.2.Key", "color"), ("Tags.member.2.Value", "blue"));
            FormAssert.Exactly(http.Requests[1], ("Action", "RemoveTags"), ("Version", Version),
                ("ResourceArns.member.1", BlueArn), ("TagKeys.member.1", "color"));
        }

        [Fact]
        public async Task Target_group_attributes_are_described_and_modified_as_key_value_members()
        {
            var http = new RecordingHttpHandler()
                .Respond(RecordedResponses.TargetGroupAttributes("DescribeTargetGroupAttributes"))
                .Respond(RecordedResponses.TargetGroupAttributes("ModifyTargetGroupAttributes"));
            using var client = TestClients.ElasticLoadBalancing(http);

            IReadOnlyList<TargetGroupAttribute> described = await client.DescribeTargetGroupAttributesAsync(BlueArn);
            IReadOnlyList<TargetGroupAttribute> modified = await client.ModifyTargetGroupAttributesAsync(GreenArn, new[]
            {
                new TargetGroupAttribute { Key = "deregistration_delay.timeout_seconds", Value = "30" },
                new TargetGroupAttribute { Key = "stickiness.enabled", Value = "true" },
            });

            Assert.Equal(new[] { "deregistration_delay.timeout_seconds=30", "stickiness.enabled=true", "stickiness.type=lb_cookie" }, described.Select(a => $"{a.Key}={a.Value}"));
            Assert.Equal(3, modified.Count);
            FormAssert.Exactly(http.Requests[0], ("Action", "DescribeTargetGroupAttributes"), ("Version", Version), ("TargetGroupArn", BlueArn));
            FormAssert.Exactly(http.Requests[1], ("Action", "ModifyTargetGroupAttributes"), ("Version", Version), ("TargetGroupArn", GreenArn),
                ("Attributes.member.1.Key", "deregistration_delay.timeout_seconds"), ("Attributes.member.1.Value", "30"),
                ("Attributes.member.2.Key", "stickiness.enabled"), ("Attributes.member.2.Value", "true"));
        }

        [Fact]
        public async Task DescribeTags_sends_at_most_20_arns_per_call()
        {
            var arns = new List<string>();
            for (int i = 0; i < 45; i++)
            {
                arns.Add($"arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg-{i}/0000000000000000");
            }

            var http = new RecordingHttpHandler()
                .Respond(RecordedResponses.DescribeTags(arns.GetRange(0, 20).ToArray()))
                .Respond(RecordedResponses.DescribeTags(arns.GetRange(20, 20).ToArray()))
                .Respond(RecordedResponses.DescribeTags(arns.GetRange(40, 5).ToArray()));
            using var client = TestClients.ElasticLoadBalancing(http);

            IReadOnlyList<TagDescription> tags = await client.DescribeTagsAsync(arns);

            Assert.Equal(3, http.Requests.Count);
            Assert.Equal(new[] { 22, 22, 7 }, new[] { http.Requests[0].Form.Count, http.Requests[1].Form.Count, http.Requests[2].Form.Count });
            Assert.Equal(arns[20], http.Requests[1].FormDictionary["ResourceArns.member.1"]);
            Assert.Equal(arns[44], http.Requests[2].FormDictionary["ResourceArns.member.5"]);
            Assert.Equal(45, tags.Count);
            Assert.Equal(arns[44], tags[44].ResourceArn);
        }

        [Fact]
        public async Task CreateLoadBalancer_sends_subnets_security_groups_and_tags()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.CreateLoadBalancer("shop"));
            using var client = TestClients.ElasticLoadBalancing(http);

            LoadBalancer created = await client.CreateLoadBalancerAsync(new CreateLoadBalancerRequest
            {
                Name = "shop", Subnets = { "subnet-8360a9e7", "subnet-b7d581c0" }, SecurityGroups = { "sg-5943793c" },
                Scheme = "internet-facing", Type = "application", IpAddressType = "ipv4", Tags = { new Tag { Key = "bluegreen:project", Value = "shop" } },
            });

            Assert.Equal("shop", created.LoadBalancerName);
            FormAssert.Exactly(http.Requests[0], ("Action", "CreateLoadBalancer"), ("Version", Version), ("Name", "shop"),
                ("Subnets.member.1", "subnet-8360a9e7"), ("Subnets.member.2", "subnet-b7d581c0"), ("SecurityGroups.member.1", "sg-5943793c"),
                ("Scheme", "internet-facing"), ("Type", "application"), ("IpAddressType", "ipv4"),
                ("Tags.member.1.Key", "bluegreen:project"), ("Tags.member.1.Value", "shop"));
        }

        [Fact]
        public async Task CreateTargetGroup_sends_health_check_settings_and_matcher()
        {
            var http = new RecordingHttpHandler().Respond(RecordedResponses.CreateTargetGroup);
            using var client = TestClients.ElasticLoadBalancing(http);

            TargetGroup created = await client.CreateTargetGroupAsync(new CreateTargetGroupRequest
            {
                Name = "shop-green", Protocol = "HTTP", Port = 80, VpcId = "vpc-3ac0fb5f", TargetType = "instance",
                HealthCheckEnabled = true, HealthCheckPath = "/health/", HealthCheckIntervalSeconds = 10, HealthCheckTimeoutSeconds = 5,
                HealthyThresholdCount = 2, UnhealthyThresholdCount = 3, Matcher = new Matcher { HttpCode = "200-299" },
            });

            Assert.Equal(GreenArn, created.TargetGroupArn);
            FormAssert.Exactly(http.Requests[0], ("Action", "CreateTargetGroup"), ("Version", Version), ("Name", "shop-green"),
                ("Protocol", "HTTP"), ("Port", "80"), ("VpcId", "vpc-3ac0fb5f"), ("TargetType", "instance"),
                ("HealthCheckEnabled", "true"), ("HealthCheckPath", "/health/"), ("HealthCheckIntervalSeconds", "10"), ("HealthCheckTimeoutSeconds", "5"),
                ("HealthyThresholdCount", "2"), ("UnhealthyThresholdCount", "3"), ("Matcher.HttpCode", "200-299"));
        }

        [Fact]
        public async Task CreateListener_sends_certificates_and_default_actions()
        {
            var http = new RecordingHttpHandler().Respond(Listeners("CreateListener", BlueArn));
            using var client = TestClients.ElasticLoadBalancing(http);

            Listener created = await client.CreateListenerAsync(new CreateListenerRequest
            {
                LoadBalancerArn = LoadBalancerArn, Protocol = "HTTPS", Port = 443, SslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06",
                Certificates = { new Certificate { CertificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/3dcb0a41" } },
                DefaultActions = { new Action { Type = "forward", TargetGroupArn = BlueArn } },
            });

            Assert.Equal(HttpListenerArn, created.ListenerArn);
            FormAssert.Exactly(http.Requests[0], ("Action", "CreateListener"), ("Version", Version), ("LoadBalancerArn", LoadBalancerArn),
                ("Protocol", "HTTPS"), ("Port", "443"), ("SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
                ("Certificates.member.1.CertificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/3dcb0a41"),
                ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", BlueArn));
        }

        [Fact]
        public async Task CreateRule_flattens_every_condition_kind()
        {
            var http = new RecordingHttpHandler().Respond(Rules("CreateRule", BlueArn));
            using var client = TestClients.ElasticLoadBalancing(http);

            Rule created = await client.CreateRuleAsync(new CreateRuleRequest
            {
                ListenerArn = HttpListenerArn, Priority = 10,
                Conditions =
                {
                    new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { Values = { "/api/*", "/v2/*" } } },
                    new RuleCondition { Field = "host-header", Values = { "shop.example.com" } },
                    new RuleCondition { Field = "http-header", HttpHeaderConfig = new HttpHeaderConditionConfig { HttpHeaderName = "X-Canary", Values = { "yes" } } },
                    new RuleCondition { Field = "query-string", QueryStringConfig = new QueryStringConditionConfig { Values = { new QueryStringKeyValuePair { Key = "v", Value = "2" } } } },
                    new RuleCondition { Field = "http-request-method", HttpRequestMethodConfig = new HttpRequestMethodConditionConfig { Values = { "GET" } } },
                    new RuleCondition { Field = "source-ip", SourceIpConfig = new SourceIpConditionConfig { Values = { "10.0.0.0/8" } } },
                    new RuleCondition { Field = "host-header", HostHeaderConfig = new HostHeaderConditionConfig { Values = { "*.example.com" } } },
                },
                Actions = { new Action { Type = "forward", TargetGroupArn = BlueArn } },
            });

            Assert.Equal(RuleArn, created.RuleArn);
            FormAssert.Exactly(http.Requests[0], ("Action", "CreateRule"), ("Version", Version), ("ListenerArn", HttpListenerArn), ("Priority", "10"),
                ("Conditions.member.1.Field", "path-pattern"),
                ("Conditions.member.1.PathPatternConfig.Values.member.1", "/api/*"),
                ("Conditions.member.1.PathPatternConfig.Values.member.2", "/v2/*"),
                ("Conditions.member.2.Field", "host-header"),
                ("Conditions.member.2.Values.member.1", "shop.example.com"),
                ("Conditions.member.3.Field", "http-header"),
                ("Conditions.member.3.HttpHeaderConfig.HttpHeaderName", "X-Canary"),
                ("Conditions.member.3.HttpHeaderConfig.Values.member.1", "yes"),
                ("Conditions.member.4.Field", "query-string"),
                ("Conditions.member.4.QueryStringConfig.Values.member.1.Key", "v"),
                ("Conditions.member.4.QueryStringConfig.Values.member.1.Value", "2"),
                ("Conditions.member.5.Field", "http-request-method"),
                ("Conditions.member.5.HttpRequestMethodConfig.Values.member.1", "GET"),
                ("Conditions.member.6.Field", "source-ip"),
                ("Conditions.member.6.SourceIpConfig.Values.member.1", "10.0.0.0/8"),
                ("Conditions.member.7.Field", "host-header"),
                ("Conditions.member.7.HostHeaderConfig.Values.member.1", "*.example.com"),
                ("Actions.member.1.Type", "forward"), ("Actions.member.1.TargetGroupArn", BlueArn));
        }

        [Fact]
        public async Task CreateRule_sends_a_fixed_response_and_its_tags()
        {
            var http = new RecordingHttpHandler().Respond(Rules("CreateRule", BlueArn));
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.CreateRuleAsync(new CreateRuleRequest
            {
                ListenerArn = HttpListenerArn, Priority = 2,
                Conditions = { new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { Values = { "/*" } } } },
                Actions =
                {
                    new Action
                    {
                        Type = "fixed-response",
                        FixedResponseConfig = new FixedResponseActionConfig { StatusCode = "503", ContentType = "text/html", MessageBody = "<h1>Down & out</h1>" },
                    },
                },
                Tags = { new Tag { Key = "bluegreen:maintenance", Value = "shop" } },
            });

            FormAssert.Exactly(http.Requests[0], ("Action", "CreateRule"), ("Version", Version), ("ListenerArn", HttpListenerArn), ("Priority", "2"),
                ("Conditions.member.1.Field", "path-pattern"),
                ("Conditions.member.1.PathPatternConfig.Values.member.1", "/*"),
                ("Actions.member.1.Type", "fixed-response"),
                ("Actions.member.1.FixedResponseConfig.MessageBody", "<h1>Down & out</h1>"),
                ("Actions.member.1.FixedResponseConfig.StatusCode", "503"),
                ("Actions.member.1.FixedResponseConfig.ContentType", "text/html"),
                ("Tags.member.1.Key", "bluegreen:maintenance"),
                ("Tags.member.1.Value", "shop"));
        }

        [Fact]
        public async Task DeleteRule_sends_the_rule_arn()
        {
            var http = new RecordingHttpHandler().Respond(Empty("DeleteRule"));
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.DeleteRuleAsync(RuleArn);

            FormAssert.Exactly(http.Requests[0], ("Action", "DeleteRule"), ("Version", Version), ("RuleArn", RuleArn));
            await Assert.ThrowsAsync<System.ArgumentException>(() => client.DeleteRuleAsync(string.Empty));
        }

        [Fact]
        public async Task DeleteListener_and_DeleteTargetGroup_send_the_arn()
        {
            var http = new RecordingHttpHandler().Respond(Empty("DeleteListener")).Respond(Empty("DeleteTargetGroup"));
            using var client = TestClients.ElasticLoadBalancing(http);

            await client.DeleteListenerAsync(HttpListenerArn);
            await client.DeleteTargetGroupAsync(GreenArn);

            FormAssert.Exactly(http.Requests[0], ("Action", "DeleteListener"), ("Version", Version), ("ListenerArn", HttpListenerArn));
            FormAssert.Exactly(http.Requests[1], ("Action", "DeleteTargetGroup"), ("Version", Version), ("TargetGroupArn", GreenArn));
        }
    }
}
