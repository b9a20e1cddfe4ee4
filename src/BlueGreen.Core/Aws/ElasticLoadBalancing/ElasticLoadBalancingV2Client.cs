using System.IO;
using System.Net;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Aws.Protocol;
using BlueGreen.Aws.Query;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>
    /// Elastic Load Balancing v2 over <see cref="QueryServiceClient"/>: the SDK's credentials, SigV4, retries and
    /// endpoints; the wire format from the service model. Each operation names its model operation and binds the
    /// model classes by member name (<see cref="ShapeBinding"/>); none has a marshaller of its own.
    /// </summary>
    public sealed class ElasticLoadBalancingV2Client : QueryServiceClient, IElasticLoadBalancingV2
    {
        /// <summary>The API's limit on ResourceArns per DescribeTags call.</summary>
        public const int DescribeTagsBatchSize = 20;

        /// <summary>A client whose credentials come from the SDK's default chain (environment, profile, SSO, container, instance metadata).</summary>
        public ElasticLoadBalancingV2Client(ElasticLoadBalancingV2Config config)
            : base(config)
        {
        }

        public ElasticLoadBalancingV2Client(AWSCredentials credentials, ElasticLoadBalancingV2Config config)
            : base(credentials, config)
        {
        }

        protected override ServiceModel Model => ElasticLoadBalancingV2Config.ServiceModel;

        public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(
            IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default) =>
            PagesAsync<LoadBalancer>("DescribeLoadBalancers", "LoadBalancers", Input(("Names", names), ("LoadBalancerArns", loadBalancerArns)), cancellationToken);

        public Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(
            string? loadBalancerArn = null, IEnumerable<string>? names = null, IEnumerable<string>? targetGroupArns = null, CancellationToken cancellationToken = default) =>
            PagesAsync<TargetGroup>("DescribeTargetGroups", "TargetGroups", Input(("LoadBalancerArn", loadBalancerArn), ("Names", names), ("TargetGroupArns", targetGroupArns)), cancellationToken);

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default) =>
            PagesAsync<Listener>("DescribeListeners", "Listeners", Input(("LoadBalancerArn", Require(loadBalancerArn, nameof(loadBalancerArn)))), cancellationToken);

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string listenerArn, CancellationToken cancellationToken = default) =>
            PagesAsync<Rule>("DescribeRules", "Rules", Input(("ListenerArn", Require(listenerArn, nameof(listenerArn)))), cancellationToken);

        public Task<Listener> ModifyListenerAsync(string listenerArn, IEnumerable<Model.Action> defaultActions, CancellationToken cancellationToken = default) =>
            SingleAsync<Listener>("ModifyListener", "Listeners", Input(("ListenerArn", Require(listenerArn, nameof(listenerArn))), ("DefaultActions", Actions(defaultActions, nameof(defaultActions)))), cancellationToken);

        public Task<Rule> ModifyRuleAsync(string ruleArn, IEnumerable<Model.Action> actions, CancellationToken cancellationToken = default) =>
            SingleAsync<Rule>("ModifyRule", "Rules", Input(("RuleArn", Require(ruleArn, nameof(ruleArn))), ("Actions", Actions(actions, nameof(actions)))), cancellationToken);

        public Task RegisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default) =>
            InvokeAsync("RegisterTargets", Input(("TargetGroupArn", Require(targetGroupArn, nameof(targetGroupArn))), ("Targets", RequireItems(targets, nameof(targets)))), cancellationToken);

        public Task DeregisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default) =>
            InvokeAsync("DeregisterTargets", Input(("TargetGroupArn", Require(targetGroupArn, nameof(targetGroupArn))), ("Targets", RequireItems(targets, nameof(targets)))), cancellationToken);

        public async Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(
            string targetGroupArn, IEnumerable<TargetDescription>? targets = null, CancellationToken cancellationToken = default)
        {
            JsonObject output = await InvokeAsync("DescribeTargetHealth", Input(("TargetGroupArn", Require(targetGroupArn, nameof(targetGroupArn))), ("Targets", targets)), cancellationToken).ConfigureAwait(false);
            return ShapeBinding.FromNode<List<TargetHealthDescription>>(output["TargetHealthDescriptions"]);
        }

        public async Task<IReadOnlyList<TagDescription>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default)
        {
            List<string> arns = RequireItems(resourceArns, nameof(resourceArns));
            var descriptions = new List<TagDescription>(arns.Count);
            for (int start = 0; start < arns.Count; start += DescribeTagsBatchSize)
            {
                JsonObject output = await InvokeAsync("DescribeTags", Input(("ResourceArns", arns.GetRange(start, Math.Min(DescribeTagsBatchSize, arns.Count - start)))), cancellationToken).ConfigureAwait(false);
                descriptions.AddRange(ShapeBinding.FromNode<List<TagDescription>>(output["TagDescriptions"]));
            }

            return descriptions;
        }

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default) =>
            InvokeAsync("AddTags", Input(("ResourceArns", RequireItems(resourceArns, nameof(resourceArns))), ("Tags", RequireItems(tags, nameof(tags)))), cancellationToken);

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
            InvokeAsync("RemoveTags", Input(("ResourceArns", RequireItems(resourceArns, nameof(resourceArns))), ("TagKeys", RequireItems(tagKeys, nameof(tagKeys)))), cancellationToken);

        public async Task<IReadOnlyList<TargetGroupAttribute>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default)
        {
            JsonObject output = await InvokeAsync("DescribeTargetGroupAttributes", Input(("TargetGroupArn", Require(targetGroupArn, nameof(targetGroupArn)))), cancellationToken).ConfigureAwait(false);
            return ShapeBinding.FromNode<List<TargetGroupAttribute>>(output["Attributes"]);
        }

        public async Task<IReadOnlyList<TargetGroupAttribute>> ModifyTargetGroupAttributesAsync(
            string targetGroupArn, IEnumerable<TargetGroupAttribute> attributes, CancellationToken cancellationToken = default)
        {
            JsonObject output = await InvokeAsync("ModifyTargetGroupAttributes", Input(("TargetGroupArn", Require(targetGroupArn, nameof(targetGroupArn))), ("Attributes", RequireItems(attributes, nameof(attributes)))), cancellationToken).ConfigureAwait(false);
            return ShapeBinding.FromNode<List<TargetGroupAttribute>>(output["Attributes"]);
        }

        public Task<LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken = default) =>
            SingleAsync<LoadBalancer>("CreateLoadBalancer", "LoadBalancers", Request(request), cancellationToken);

        public Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken = default) =>
            SingleAsync<TargetGroup>("CreateTargetGroup", "TargetGroups", Request(request), cancellationToken);

        public Task<Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken = default) =>
            SingleAsync<Listener>("CreateListener", "Listeners", KeepClientSecrets(Request(request), "DefaultActions"), cancellationToken);

        public Task<Rule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default) =>
            SingleAsync<Rule>("CreateRule", "Rules", KeepClientSecrets(Request(request), "Actions"), cancellationToken);

        public Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default) =>
            InvokeAsync("DeleteListener", Input(("ListenerArn", Require(listenerArn, nameof(listenerArn)))), cancellationToken);

        public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default) =>
            InvokeAsync("DeleteRule", Input(("RuleArn", Require(ruleArn, nameof(ruleArn)))), cancellationToken);

        public Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default) =>
            InvokeAsync("DeleteTargetGroup", Input(("TargetGroupArn", Require(targetGroupArn, nameof(targetGroupArn)))), cancellationToken);

        /// <summary>Every error answer, its AWS code (LoadBalancerNotFound, TargetGroupNotFound, ...) in ErrorCode.</summary>
        protected override AmazonServiceException ExceptionOf(ErrorResponse error, Exception? innerException, HttpStatusCode statusCode) =>
            new ElasticLoadBalancingV2Exception(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode);

        /// <summary>An input tree of the given members (nulls and empty lists left out).</summary>
        private static JsonObject Input(params (string Member, object? Value)[] members)
        {
            var input = new JsonObject();
            foreach ((string member, object? value) in members)
            {
                if (value != null)
                {
                    input[member] = value as JsonNode ?? ShapeBinding.ToNode(value);
                }
            }

            return input;
        }

        private static JsonObject Request<T>(T request)
            where T : class => ShapeBinding.ToNode(request ?? throw new ArgumentNullException(nameof(request)))!.AsObject();

        private static JsonNode Actions(IEnumerable<Model.Action> actions, string parameterName) =>
            KeepClientSecrets(new JsonObject { ["Actions"] = ShapeBinding.ToNode(RequireItems(actions, parameterName)) }, "Actions")["Actions"]!.DeepClone();

        /// <summary>
        /// Describe calls never return an OIDC client secret: an action read back and sent unchanged must keep the secret
        /// ELB already has, or ModifyListener/ModifyRule fail (or would clear it). Without a secret, UseExistingClientSecret is true.
        /// </summary>
        private static JsonObject KeepClientSecrets(JsonObject input, string member)
        {
            foreach (JsonNode? action in input[member]?.AsArray() ?? new JsonArray())
            {
                if (action?["AuthenticateOidcConfig"] is JsonObject oidc && oidc["UseExistingClientSecret"] == null && string.IsNullOrEmpty((string?)oidc["ClientSecret"]))
                {
                    oidc["UseExistingClientSecret"] = true;
                }
            }

            return input;
        }

        private async Task<T> SingleAsync<T>(string operation, string member, JsonObject input, CancellationToken cancellationToken)
            where T : new()
        {
            List<T> items = ShapeBinding.FromNode<List<T>>((await InvokeAsync(operation, input, cancellationToken).ConfigureAwait(false))[member]);
            return items.Count == 1 ? items[0] : throw new InvalidDataException($"{operation} returned {items.Count} resources where exactly one was expected.");
        }

        /// <summary>The items of every page, following Marker/NextMarker.</summary>
        private async Task<IReadOnlyList<T>> PagesAsync<T>(string operation, string member, JsonObject input, CancellationToken cancellationToken) =>
            (await PagesAsync(operation, input, "Marker", "NextMarker", cancellationToken).ConfigureAwait(false))
                .SelectMany(page => ShapeBinding.FromNode<List<T>>(page[member]))
                .ToList();

        private static string Require(string value, string parameterName) =>
            string.IsNullOrEmpty(value) ? throw new ArgumentException("A value is required.", parameterName) : value;

        private static List<T> RequireItems<T>(IEnumerable<T> items, string parameterName)
        {
            List<T> list = (items ?? throw new ArgumentNullException(parameterName)).ToList();
            return list.Count > 0 ? list : throw new ArgumentException("At least one item is required.", parameterName);
        }
    }
}
