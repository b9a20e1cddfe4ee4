using System.Text.Json.Nodes;
using BlueGreen.Aws.Protocol;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Model.LoadBalancing;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Services.ElasticLoadBalancing
{
    /// <summary>
    /// Elastic Load Balancing v2 (API version 2015-12-01) over the Query protocol, through the same model-driven codec as
    /// BlueGreen's client (<see cref="QueryForm"/>, <see cref="QueryXml"/> over the elbv2 model): the form is read into
    /// the operation's input (what the model says is checked there: required members, enums, ranges, patterns; a
    /// violation is ValidationError with ELBv2's wording), each action runs on <see cref="LoadBalancingState"/> and
    /// returns its output, which is written as <c>&lt;XResponse&gt;&lt;XResult&gt;...&lt;/XResult&gt;&lt;ResponseMetadata&gt;</c>.
    /// Adding an operation: the operation in tools/models/trim.py, one line here, the behaviour in the state.
    /// </summary>
    internal sealed class ElbV2ServiceHandler : IAwsServiceHandler
    {
        internal static readonly ServiceModel Model = ServiceModel.Load("elbv2");

        private delegate JsonObject? ActionHandler(JsonObject input, LoadBalancingState state, QueryParameters form);

        private readonly Dictionary<string, ActionHandler> _actions;

        internal ElbV2ServiceHandler()
        {
            _actions = new Dictionary<string, ActionHandler>(StringComparer.Ordinal)
            {
                ["CreateLoadBalancer"] = CreateLoadBalancer,
                ["DescribeLoadBalancers"] = (i, s, f) => Page(i, "LoadBalancers", s.DescribeLoadBalancers(Strings(i, "LoadBalancerArns"), Strings(i, "Names")), lb => lb.ToShape(provisioning: false)),
                ["DeleteLoadBalancer"] = (i, s, f) => Done(() => s.DeleteLoadBalancer(Text(i, "LoadBalancerArn"))),
                ["CreateTargetGroup"] = (i, s, f) => TargetGroups(s, new[] { s.CreateTargetGroup(TargetGroupDefinition(i, f)) }),
                ["DescribeTargetGroups"] = (i, s, f) => Page(i, "TargetGroups", s.DescribeTargetGroups((string?)i["LoadBalancerArn"], Strings(i, "TargetGroupArns"), Strings(i, "Names")), tg => tg.ToShape(s.LoadBalancerArnsOf(tg))),
                ["DeleteTargetGroup"] = (i, s, f) => Done(() => s.DeleteTargetGroup(Text(i, "TargetGroupArn"))),
                ["CreateListener"] = (i, s, f) => Listeners(s.Routing.CreateListener(Text(i, "LoadBalancerArn"), ListenerDefinition(i, f))),
                ["DescribeListeners"] = (i, s, f) => Page(i, "Listeners", s.Routing.DescribeListeners((string?)i["LoadBalancerArn"], Strings(i, "ListenerArns")), l => l.ToShape()),
                ["ModifyListener"] = (i, s, f) => Listeners(s.Routing.ModifyListener(Text(i, "ListenerArn"), ListenerDefinition(i, null))),
                ["DeleteListener"] = (i, s, f) => Done(() => s.Routing.DeleteListener(Text(i, "ListenerArn"))),
                ["CreateRule"] = CreateRule,
                ["DescribeRules"] = (i, s, f) => Page(i, "Rules", s.Routing.DescribeRules((string?)i["ListenerArn"], Strings(i, "RuleArns")), r => r.ToShape()),
                ["ModifyRule"] = (i, s, f) => Rules(s.Routing.ModifyRule(Text(i, "RuleArn"), Conditions(i), ReadActions(i, "Actions"))),
                ["DeleteRule"] = (i, s, f) => Done(() => s.Routing.DeleteRule(Text(i, "RuleArn"))),
                ["RegisterTargets"] = (i, s, f) => Done(() => s.Targets.RegisterTargets(Text(i, "TargetGroupArn"), Targets(i))),
                ["DeregisterTargets"] = (i, s, f) => Done(() => s.Targets.DeregisterTargets(Text(i, "TargetGroupArn"), Targets(i))),
                ["DescribeTargetHealth"] = (i, s, f) => new JsonObject
                {
                    ["TargetHealthDescriptions"] = ShapeValues.Array(s.Targets.DescribeTargetHealth(Text(i, "TargetGroupArn"), Targets(i)), r => r.ToShape()),
                },
                ["AddTags"] = (i, s, f) => Done(() => s.Tags.Add(Strings(i, "ResourceArns"), Pairs(i, "Tags"))),
                ["RemoveTags"] = (i, s, f) => Done(() => s.Tags.Remove(Strings(i, "ResourceArns"), Strings(i, "TagKeys"))),
                ["DescribeTags"] = (i, s, f) => new JsonObject
                {
                    ["TagDescriptions"] = ShapeValues.Array(Strings(i, "ResourceArns").Distinct(StringComparer.Ordinal), arn => new JsonObject
                    {
                        ["ResourceArn"] = arn,
                        ["Tags"] = ShapeValues.Array(s.Tags.Of(arn).Items, tag => new JsonObject { ["Key"] = tag.Key, ["Value"] = tag.Value }),
                    }),
                },
                ["DescribeTargetGroupAttributes"] = (i, s, f) => Attributes(s.Targets.DescribeTargetGroupAttributes(Text(i, "TargetGroupArn"))),
                ["ModifyTargetGroupAttributes"] = (i, s, f) => Attributes(s.Targets.ModifyTargetGroupAttributes(Text(i, "TargetGroupArn"), Pairs(i, "Attributes"))),
            };
        }

        public string SigningName => Model.SigningName;

        public string ApiVersion => Model.ApiVersion;

        public IReadOnlyCollection<string> Actions => _actions.Keys;

        public QueryResponse Handle(QueryRequest request, SandboxWorld world)
        {
            string action = request.Action ?? string.Empty;
            if (!_actions.TryGetValue(action, out ActionHandler? handler))
            {
                throw new AwsErrorException("InvalidAction", $"Could not find operation {action} for version {ApiVersion}");
            }

            JsonObject input;
            try
            {
                input = QueryForm.Read(Model, action, request.Parameters.All);
            }
            catch (ShapeValidationException invalid)
            {
                throw ElbV2Validation.Error(invalid.Message);
            }

            JsonObject? output;
            lock (world.Gate)
            {
                output = handler(input, world.LoadBalancing, request.Parameters);
            }

            return new QueryResponse(200, QueryXml.WriteResponse(Model, action, output, request.RequestId));
        }

        public QueryResponse RenderError(AwsErrorException error, string requestId) =>
            new QueryResponse(error.HttpStatus, QueryXml.WriteError(Model.XmlNamespace, error.IsSenderFault, error.Code, error.Message, requestId), errorCode: error.Code);

        private static JsonObject CreateLoadBalancer(JsonObject input, LoadBalancingState state, QueryParameters form)
        {
            var definition = new LoadBalancerDefinition
            {
                Name = Text(input, "Name"),
                Type = (string?)input["Type"] ?? "application",
                Scheme = (string?)input["Scheme"] ?? "internet-facing",
                IpAddressType = (string?)input["IpAddressType"] ?? "ipv4",
                Subnets = Strings(input, "Subnets").Concat(ShapeValues.Objects(input["SubnetMappings"]).Select(m => (string?)m["SubnetId"] ?? throw Missing("subnetId"))).ToList(),
                SecurityGroups = Strings(input, "SecurityGroups"),
                Tags = Pairs(input, "Tags"),
                Fingerprint = Fingerprint(form),
            };
            int before = state.LoadBalancers.Count;
            LoadBalancer loadBalancer = state.CreateLoadBalancer(definition);
            return new JsonObject { ["LoadBalancers"] = new JsonArray(loadBalancer.ToShape(provisioning: state.LoadBalancers.Count > before)) };
        }

        private static TargetGroupDefinition TargetGroupDefinition(JsonObject input, QueryParameters form) => new TargetGroupDefinition
        {
            Name = Text(input, "Name"),
            TargetType = (string?)input["TargetType"] ?? "instance",
            Protocol = (string?)input["Protocol"],
            ProtocolVersion = (string?)input["ProtocolVersion"],
            Port = (int?)input["Port"],
            VpcId = (string?)input["VpcId"],
            IpAddressType = (string?)input["IpAddressType"] ?? "ipv4",
            HealthCheck = new TargetGroupHealthCheck
            {
                Enabled = (bool?)input["HealthCheckEnabled"] ?? true,
                Protocol = (string?)input["HealthCheckProtocol"],
                Port = (string?)input["HealthCheckPort"] ?? "traffic-port",
                Path = (string?)input["HealthCheckPath"],
                IntervalSeconds = (int?)input["HealthCheckIntervalSeconds"] ?? 30,
                TimeoutSeconds = (int?)input["HealthCheckTimeoutSeconds"] ?? 5,
                HealthyThresholdCount = (int?)input["HealthyThresholdCount"] ?? 5,
                UnhealthyThresholdCount = (int?)input["UnhealthyThresholdCount"] ?? 2,
                MatcherHttpCode = (string?)input["Matcher"]?["HttpCode"],
            },
            Tags = Pairs(input, "Tags"),
            Fingerprint = Fingerprint(form),
        };

        /// <summary>A listener's settings from CreateListener (with its fingerprint) or ModifyListener (<paramref name="form"/> null).</summary>
        private static ListenerDefinition ListenerDefinition(JsonObject input, QueryParameters? form) => new ListenerDefinition
        {
            Port = (int?)input["Port"],
            Protocol = (string?)input["Protocol"],
            SslPolicy = (string?)input["SslPolicy"],
            Certificates = input["Certificates"] == null ? null
                : ShapeValues.Objects(input["Certificates"]).Select(c => new ListenerCertificate((string?)c["CertificateArn"] ?? throw Missing("certificateArn"), (bool?)c["IsDefault"])).ToList(),
            AlpnPolicy = input["AlpnPolicy"] == null ? null : Strings(input, "AlpnPolicy"),
            DefaultActions = ReadActions(input, "DefaultActions"),
            Tags = form == null ? new List<KeyValuePair<string, string>>() : Pairs(input, "Tags"),
            Fingerprint = form == null ? string.Empty : Fingerprint(form),
        };

        private static JsonObject CreateRule(JsonObject input, LoadBalancingState state, QueryParameters form)
        {
            ListenerRule rule = state.Routing.CreateRule(Text(input, "ListenerArn"), (int)input["Priority"]!, Conditions(input)!, ReadActions(input, "Actions")!, Pairs(input, "Tags"));
            return Rules(state.Routing.DescribeRules(null, new[] { rule.Arn }).Single());
        }

        private static IReadOnlyList<RuleAction>? ReadActions(JsonObject input, string member) =>
            input[member] == null ? null : ShapeValues.Objects(input[member]).Select(RuleAction.FromShape).ToList();

        private static IReadOnlyList<RuleCondition>? Conditions(JsonObject input) =>
            input["Conditions"] == null ? null : ShapeValues.Objects(input["Conditions"]).Select(RuleCondition.FromShape).ToList();

        private static IReadOnlyList<KeyValuePair<string, int?>> Targets(JsonObject input) =>
            ShapeValues.Objects(input["Targets"]).Select(t => new KeyValuePair<string, int?>((string)t["Id"]!, (int?)t["Port"])).ToList();

        /// <summary>Key/Value structures (tags, attributes); a missing value is empty, as ELBv2 takes it.</summary>
        private static IReadOnlyList<KeyValuePair<string, string>> Pairs(JsonObject input, string member) =>
            ShapeValues.Objects(input[member]).Select(p => new KeyValuePair<string, string>((string?)p["Key"] ?? throw Missing("key"), (string?)p["Value"] ?? string.Empty)).ToList();

        private static JsonObject TargetGroups(LoadBalancingState state, IEnumerable<TargetGroup> groups) =>
            new JsonObject { ["TargetGroups"] = ShapeValues.Array(groups, tg => tg.ToShape(state.LoadBalancerArnsOf(tg))) };

        private static JsonObject Listeners(Listener listener) => new JsonObject { ["Listeners"] = new JsonArray(listener.ToShape()) };

        private static JsonObject Rules(DescribedRule rule) => new JsonObject { ["Rules"] = new JsonArray(rule.ToShape()) };

        private static JsonObject Attributes(IReadOnlyList<KeyValuePair<string, string>> attributes) =>
            new JsonObject { ["Attributes"] = ShapeValues.Array(attributes, a => new JsonObject { ["Key"] = a.Key, ["Value"] = a.Value }) };

        /// <summary>One page by Marker and PageSize, and the NextMarker when more remain.</summary>
        private static JsonObject Page<T>(JsonObject input, string member, IReadOnlyList<T> all, Func<T, JsonNode> shape)
        {
            IReadOnlyList<T> page = Pagination.Page(all, (string?)input["Marker"], (int?)input["PageSize"], marker => ElbV2Validation.Error($"Invalid marker '{marker}'"), out string? next);
            return new JsonObject { [member] = ShapeValues.Array(page, item => shape(item)), ["NextMarker"] = next };
        }

        private static JsonObject? Done(System.Action action)
        {
            action();
            return null;
        }

        /// <summary>A member the model requires (the codec has checked it is there).</summary>
        private static string Text(JsonObject input, string member) => (string)input[member]!;

        private static List<string> Strings(JsonObject input, string member) => ShapeValues.Strings(input[member]);

        private static AwsErrorException Missing(string member) =>
            ElbV2Validation.Error($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

        /// <summary>The settings of a create request, canonical: same name and same settings is the same resource.</summary>
        private static string Fingerprint(QueryParameters p) =>
            p.Fingerprint(p.Keys.Where(k => k == "Action" || k == "Version" || k.StartsWith("Tags.", StringComparison.Ordinal)).ToArray());
    }
}
