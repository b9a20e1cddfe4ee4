using System;
using System.Collections.Generic;
using System.Linq;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Model.LoadBalancing;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Services.ElasticLoadBalancing
{
    /// <summary>
    /// Elastic Load Balancing v2 (API version 2015-12-01) over the Query protocol: reads each action's members, runs it on
    /// <see cref="LoadBalancingState"/> and answers <c>&lt;XResponse&gt;&lt;XResult&gt;...&lt;/XResult&gt;&lt;ResponseMetadata&gt;</c>,
    /// or <c>&lt;ErrorResponse&gt;</c> with the error's code and HTTP status.
    /// </summary>
    internal sealed class ElbV2ServiceHandler : IAwsServiceHandler
    {
        internal const string XmlNamespace = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

        private delegate void ActionHandler(QueryParameters parameters, LoadBalancingState state, ElbV2ResponseWriter writer, XmlDocumentWriter xml);

        private readonly Dictionary<string, ActionHandler> _actions;

        internal ElbV2ServiceHandler()
        {
            _actions = new Dictionary<string, ActionHandler>(StringComparer.Ordinal)
            {
                ["CreateLoadBalancer"] = CreateLoadBalancer,
                ["DescribeLoadBalancers"] = DescribeLoadBalancers,
                ["DeleteLoadBalancer"] = (p, s, w, x) => s.DeleteLoadBalancer(ElbV2RequestReader.Required(p, "LoadBalancerArn")),
                ["CreateTargetGroup"] = CreateTargetGroup,
                ["DescribeTargetGroups"] = DescribeTargetGroups,
                ["DeleteTargetGroup"] = (p, s, w, x) => s.DeleteTargetGroup(ElbV2RequestReader.Required(p, "TargetGroupArn")),
                ["CreateListener"] = CreateListener,
                ["DescribeListeners"] = DescribeListeners,
                ["ModifyListener"] = ModifyListener,
                ["DeleteListener"] = (p, s, w, x) => s.DeleteListener(ElbV2RequestReader.Required(p, "ListenerArn")),
                ["CreateRule"] = CreateRule,
                ["DescribeRules"] = DescribeRules,
                ["ModifyRule"] = ModifyRule,
                ["DeleteRule"] = (p, s, w, x) => s.DeleteRule(ElbV2RequestReader.Required(p, "RuleArn")),
                ["RegisterTargets"] = (p, s, w, x) => s.RegisterTargets(ElbV2RequestReader.Required(p, "TargetGroupArn"), RequiredTargets(p)),
                ["DeregisterTargets"] = (p, s, w, x) => s.DeregisterTargets(ElbV2RequestReader.Required(p, "TargetGroupArn"), RequiredTargets(p)),
                ["DescribeTargetHealth"] = (p, s, w, x) => w.TargetHealth(s.DescribeTargetHealth(ElbV2RequestReader.Required(p, "TargetGroupArn"), ElbV2RequestReader.Targets(p))),
                ["AddTags"] = (p, s, w, x) => s.AddTags(ResourceArns(p), RequiredTags(p)),
                ["RemoveTags"] = (p, s, w, x) => s.RemoveTags(ResourceArns(p), RequiredList(p, "TagKeys")),
                ["DescribeTags"] = DescribeTags,
                ["DescribeTargetGroupAttributes"] = (p, s, w, x) => w.Attributes(s.DescribeTargetGroupAttributes(ElbV2RequestReader.Required(p, "TargetGroupArn"))),
                ["ModifyTargetGroupAttributes"] = (p, s, w, x) => w.Attributes(s.ModifyTargetGroupAttributes(ElbV2RequestReader.Required(p, "TargetGroupArn"), RequiredAttributes(p))),
            };
        }

        public string SigningName => "elasticloadbalancing";

        public string ApiVersion => "2015-12-01";

        public IReadOnlyCollection<string> Actions => _actions.Keys;

        public QueryResponse Handle(QueryRequest request, SandboxWorld world)
        {
            string action = request.Action ?? string.Empty;
            if (!_actions.TryGetValue(action, out ActionHandler? handler))
            {
                throw new AwsErrorException("InvalidAction", $"Could not find operation {action} for version {ApiVersion}");
            }

            using var xml = new XmlDocumentWriter(action + "Response", XmlNamespace);
            xml.Start(action + "Result");
            lock (world.Gate)
            {
                handler(request.Parameters, world.LoadBalancing, new ElbV2ResponseWriter(xml, world.LoadBalancing), xml);
            }

            xml.End();
            xml.Start("ResponseMetadata");
            xml.Element("RequestId", request.RequestId);
            xml.End();
            return new QueryResponse(200, xml.Finish());
        }

        public QueryResponse RenderError(AwsErrorException error, string requestId)
        {
            using var xml = new XmlDocumentWriter("ErrorResponse", XmlNamespace);
            xml.Start("Error");
            xml.Element("Type", error.IsSenderFault ? "Sender" : "Receiver");
            xml.Element("Code", error.Code);
            xml.Element("Message", error.Message);
            xml.End();
            xml.Element("RequestId", requestId);
            return new QueryResponse(error.HttpStatus, xml.Finish(), errorCode: error.Code);
        }

        private static void CreateLoadBalancer(QueryParameters p, LoadBalancingState state, ElbV2ResponseWriter writer, XmlDocumentWriter xml)
        {
            List<string> subnets = ElbV2RequestReader.List(p, "Subnets")
                .Concat(p.Items("SubnetMappings.member").Select(m => ElbV2RequestReader.Required(m, "SubnetId")))
                .ToList();
            var definition = new LoadBalancerDefinition
            {
                Name = ElbV2RequestReader.Required(p, "Name"),
                Type = p["Type"] ?? "application",
                Scheme = p["Scheme"] ?? "internet-facing",
                IpAddressType = p["IpAddressType"] ?? "ipv4",
                Subnets = subnets,
                SecurityGroups = ElbV2RequestReader.List(p, "SecurityGroups"),
                Tags = ElbV2RequestReader.Tags(p),
                Fingerprint = Fingerprint(p),
            };
            int before = state.LoadBalancers.Count;
            LoadBalancer loadBalancer = state.CreateLoadBalancer(definition);
            writer.LoadBalancers(new[] { loadBalancer }, provisioning: state.LoadBalancers.Count > before);
        }

        private static void DescribeLoadBalancers(QueryParameters p, LoadBalancingState state, ElbV2ResponseWriter writer, XmlDocumentWriter xml)
        {
            IReadOnlyList<LoadBalancer> all = state.DescribeLoadBalancers(ElbV2RequestReader.List(p, "LoadBalancerArns"), ElbV2RequestReader.List(p, "Names"));
            writer.LoadBalancers(Page(p, all, out string? next), provisioning: false);
            xml.Element("NextMarker", next);
        }

        private static void CreateTargetGroup(QueryParameters p, LoadBalancingState state, ElbV2ResponseWriter writer, XmlDocumentWriter xml)
        {
            var check = new TargetGroupHealthCheck
            {
                Enabled = ElbV2RequestReader.Bool(p, "HealthCheckEnabled") ?? true,
                Protocol = p["HealthCheckProtocol"],
                Port = p["HealthCheckPort"] ?? "traffic-port",
                Path = p["HealthCheckPath"],
                IntervalSeconds = ElbV2RequestReader.Int(p, "HealthCheckIntervalSeconds", 5, 300) ?? 30,
                TimeoutSeconds = ElbV2RequestReader.Int(p, "HealthCheckTimeoutSeconds", 2, 120) ?? 5,
                HealthyThresholdCount = ElbV2RequestReader.Int(p, "HealthyThresholdCount", 2, 10) ?? 5,
                UnhealthyThresholdCount = ElbV2RequestReader.Int(p, "UnhealthyThresholdCount", 2, 10) ?? 2,
                MatcherHttpCode = p["Matcher.HttpCode"],
            };
            var definition = new TargetGroupDefinition
            {
                Name = ElbV2RequestReader.Required(p, "Name"),
                TargetType = p["TargetType"] ?? "instance",
                Protocol = p["Protocol"],
                ProtocolVersion = p["ProtocolVersion"],
                Port = ElbV2RequestReader.Int(p, "Port", 1, 65535),
                VpcId = p["VpcId"],
                IpAddressType = p["IpAddressType"] ?? "ipv4",
                HealthCheck = check,
                Tags = ElbV2RequestReader.Tags(p),
                Fingerprint = Fingerprint(p),
            };
            writer.TargetGroups(new[] { state.CreateTargetGroup(definition) });
        }

        private static void DescribeTargetGroups(QueryParameters p, LoadBalancingState state, ElbV2ResponseWriter writer, XmlDocumentWriter xml)
        {
            IReadOnlyList<TargetGroup> all = state.DescribeTargetGroups(p["LoadBalancerArn"], ElbV2RequestReader.List(p, "TargetGroupArns"), ElbV2RequestReader.List(p, "Names"));
            writer.TargetGroups(Page(p, all, out string? next));
            xml.Element("NextMarker", next);
        }

        private static void CreateListener(QueryParameters p, LoadBalancingState state, ElbV2ResponseWriter writer, XmlDocumentWriter xml)
        {
            IReadOnlyList<RuleAction> actions = ElbV2RequestReader.Actions(p, "DefaultActions")
                ?? throw LoadBalancingState.Validation("1 validation error detected: Value null at 'defaultActions' failed to satisfy constraint: Member must not be null");
            var definition = new ListenerDefinition
            {
                Port = ElbV2RequestReader.Int(p, "Port", 1, 65535),
                Protocol = p["Protocol"],
                SslPolicy = p["SslPolicy"],
                Certificates = ElbV2RequestReader.Certificates(p),
                AlpnPolicy = p.HasAny("AlpnPolicy") ? ElbV2RequestReader.List(p, "AlpnPolicy") : null,
                DefaultActions = actions,
                Tags = ElbV2RequestReader.Tags(p),
                Fingerprint = Fingerprint(p),
            };
            writer.Listeners(new[] { state.CreateListener(ElbV2RequestReader.Required(p, "LoadBalancerArn"), definition) });
        }

        private static void DescribeListeners(QueryParameters p, LoadBalancingState state, ElbV2ResponseWriter writer, XmlDocumentWriter xml)
        {
            IReadOnlyList<Listener> all = state.DescribeListeners(p["LoadBalancerArn"], ElbV2RequestReader.List(p, "ListenerArns"));
            writer.Listeners(Page(p, all, out string? next));
            xml.Element("NextMarker", next);
        }

        private static void ModifyListener(QueryParameters p, LoadBalancingState state, ElbV2ResponseWriter writer, XmlDocumentWriter xml)
        {
            var change = new ListenerDefinition
            {
                Port = ElbV2RequestReader.Int(p, "Port", 1, 65535),
                Protocol = p["Protocol"],
                SslPolicy = p["SslPolicy"],
                Certificates = ElbV2RequestReader.Certificates(p),
                AlpnPolicy = p.HasAny("AlpnPolicy") ? ElbV2RequestReader.List(p, "AlpnPolicy") : null,
                DefaultActions = ElbV2RequestReader.Actions(p, "DefaultActions"),
            };
            writer.Listeners(new[] { state.ModifyListener(ElbV2RequestReader.Required(p, "ListenerArn"), change) });
        }

        private static void CreateRule(QueryParameters p, LoadBalancingState state, ElbV2ResponseWriter writer, XmlDocumentWriter xml)
        {
            string listenerArn = ElbV2RequestReader.Required(p, "ListenerArn");
            int priority = ElbV2RequestReader.Int(p, "Priority")
                ?? throw LoadBalancingState.Validation("1 validation error detected: Value null at 'priority' failed to satisfy constraint: Member must not be null");
            IReadOnlyList<RuleCondition> conditions = ElbV2RequestReader.Conditions(p)
                ?? throw LoadBalancingState.Validation("1 validation error detected: Value null at 'conditions' failed to satisfy constraint: Member must not be null");
            IReadOnlyList<RuleAction> actions = ElbV2RequestReader.Actions(p, "Actions")
                ?? throw LoadBalancingState.Validation("1 validation error detected: Value null at 'actions' failed to satisfy constraint: Member must not be null");
            ListenerRule rule = state.CreateRule(listenerArn, priority, conditions, actions, ElbV2RequestReader.Tags(p));
            writer.Rules(state.DescribeRules(null, new[] { rule.Arn }));
        }

        private static void DescribeRules(QueryParameters p, LoadBalancingState state, ElbV2ResponseWriter writer, XmlDocumentWriter xml)
        {
            IReadOnlyList<DescribedRule> all = state.DescribeRules(p["ListenerArn"], ElbV2RequestReader.List(p, "RuleArns"));
            writer.Rules(Page(p, all, out string? next));
            xml.Element("NextMarker", next);
        }

        private static void ModifyRule(QueryParameters p, LoadBalancingState state, ElbV2ResponseWriter writer, XmlDocumentWriter xml)
        {
            DescribedRule rule = state.ModifyRule(ElbV2RequestReader.Required(p, "RuleArn"), ElbV2RequestReader.Conditions(p), ElbV2RequestReader.Actions(p, "Actions"));
            writer.Rules(new[] { rule });
        }

        private static void DescribeTags(QueryParameters p, LoadBalancingState state, ElbV2ResponseWriter writer, XmlDocumentWriter xml)
        {
            IReadOnlyList<string> arns = ResourceArns(p);
            writer.TagDescriptions(arns.Distinct(StringComparer.Ordinal).Select(arn => new KeyValuePair<string, TagSet>(arn, state.TagsOf(arn))).ToList());
        }

        /// <summary>One page by Marker and PageSize (1-400), and the NextMarker when more remain.</summary>
        private static IReadOnlyList<T> Page<T>(QueryParameters p, IReadOnlyList<T> all, out string? nextMarker)
        {
            int? pageSize = ElbV2RequestReader.Int(p, "PageSize", 1, 400);
            return Pagination.Page(all, p["Marker"], pageSize, marker => LoadBalancingState.Validation($"Invalid marker '{marker}'"), out nextMarker);
        }

        private static IReadOnlyList<KeyValuePair<string, int?>> RequiredTargets(QueryParameters p)
        {
            IReadOnlyList<KeyValuePair<string, int?>> targets = ElbV2RequestReader.Targets(p);
            return targets.Count > 0
                ? targets
                : throw LoadBalancingState.Validation("1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null");
        }

        private static IReadOnlyList<string> ResourceArns(QueryParameters p) => RequiredList(p, "ResourceArns");

        private static IReadOnlyList<string> RequiredList(QueryParameters p, string member)
        {
            IReadOnlyList<string> values = ElbV2RequestReader.List(p, member);
            return values.Count > 0
                ? values
                : throw LoadBalancingState.Validation($"1 validation error detected: Value null at '{char.ToLowerInvariant(member[0]) + member.Substring(1)}' failed to satisfy constraint: Member must not be null");
        }

        private static IReadOnlyList<KeyValuePair<string, string>> RequiredTags(QueryParameters p)
        {
            IReadOnlyList<KeyValuePair<string, string>> tags = ElbV2RequestReader.Tags(p);
            return tags.Count > 0
                ? tags
                : throw LoadBalancingState.Validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        }

        private static IReadOnlyList<KeyValuePair<string, string>> RequiredAttributes(QueryParameters p)
        {
            List<KeyValuePair<string, string>> attributes = p.Items("Attributes.member")
                .Select(a => new KeyValuePair<string, string>(ElbV2RequestReader.Required(a, "Key"), a["Value"] ?? string.Empty)).ToList();
            return attributes.Count > 0
                ? attributes
                : throw LoadBalancingState.Validation("1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null");
        }

        /// <summary>The settings of a create request, canonical: same name and same settings is the same resource.</summary>
        private static string Fingerprint(QueryParameters p) =>
            p.Fingerprint(p.Keys.Where(k => k == "Action" || k == "Version" || k.StartsWith("Tags.", StringComparison.Ordinal)).ToArray());
    }
}
