using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Internal;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Requests;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Responses;
using BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing
{
    /// <summary>
    /// Elastic Load Balancing v2 over the AWS SDK's own client machinery (AWSSDK.Core's <see cref="AmazonServiceClient"/>),
    /// built as the SDK's generated AmazonElasticLoadBalancingV2Client is: the SDK's credential chain (or the credentials
    /// given), SigV4 signing, standard/adaptive retries (Throttling and 5xx are retried), endpoint resolution including
    /// AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 / AWS_ENDPOINT_URL, and error mapping into
    /// <see cref="ElasticLoadBalancingV2Exception"/>. The wire format is the Query protocol (form-encoded POST, XML answers).
    /// </summary>
    public sealed class ElasticLoadBalancingV2Client : AmazonServiceClient, IElasticLoadBalancingV2
    {
        /// <summary>The API's limit on ResourceArns per DescribeTags call.</summary>
        public const int DescribeTagsBatchSize = 20;

        private static readonly IServiceMetadata Metadata = new ElasticLoadBalancingV2ServiceMetadata();

        /// <summary>A client whose credentials come from the SDK's default chain (environment, profile, SSO, container, instance metadata).</summary>
        public ElasticLoadBalancingV2Client(ElasticLoadBalancingV2Config config)
            : base(config)
        {
        }

        public ElasticLoadBalancingV2Client(AWSCredentials credentials, ElasticLoadBalancingV2Config config)
            : base(credentials, config)
        {
        }

        protected override IServiceMetadata ServiceMetadata => Metadata;

        public Task<IReadOnlyList<LoadBalancer>> DescribeLoadBalancersAsync(
            IEnumerable<string>? names = null, IEnumerable<string>? loadBalancerArns = null, CancellationToken cancellationToken = default)
        {
            List<string> nameList = names?.ToList() ?? new List<string>();
            List<string> arnList = loadBalancerArns?.ToList() ?? new List<string>();
            return CollectPagesAsync(
                marker => InvokeAsync<LoadBalancersResponse>(
                    new DescribeLoadBalancersRequest { Names = nameList, LoadBalancerArns = arnList, Marker = marker },
                    DescribeLoadBalancersRequestMarshaller.Instance, LoadBalancersResponseUnmarshaller.DescribeLoadBalancers, cancellationToken),
                page => (page.LoadBalancers, page.NextMarker));
        }

        public Task<IReadOnlyList<TargetGroup>> DescribeTargetGroupsAsync(
            string? loadBalancerArn = null, IEnumerable<string>? names = null, IEnumerable<string>? targetGroupArns = null, CancellationToken cancellationToken = default)
        {
            List<string> nameList = names?.ToList() ?? new List<string>();
            List<string> arnList = targetGroupArns?.ToList() ?? new List<string>();
            return CollectPagesAsync(
                marker => InvokeAsync<TargetGroupsResponse>(
                    new DescribeTargetGroupsRequest { LoadBalancerArn = loadBalancerArn, Names = nameList, TargetGroupArns = arnList, Marker = marker },
                    DescribeTargetGroupsRequestMarshaller.Instance, TargetGroupsResponseUnmarshaller.DescribeTargetGroups, cancellationToken),
                page => (page.TargetGroups, page.NextMarker));
        }

        public Task<IReadOnlyList<Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default)
        {
            RequireValue(loadBalancerArn, nameof(loadBalancerArn));
            return CollectPagesAsync(
                marker => InvokeAsync<ListenersResponse>(
                    new DescribeListenersRequest { LoadBalancerArn = loadBalancerArn, Marker = marker },
                    DescribeListenersRequestMarshaller.Instance, ListenersResponseUnmarshaller.DescribeListeners, cancellationToken),
                page => (page.Listeners, page.NextMarker));
        }

        public Task<IReadOnlyList<Rule>> DescribeRulesAsync(string listenerArn, CancellationToken cancellationToken = default)
        {
            RequireValue(listenerArn, nameof(listenerArn));
            return CollectPagesAsync(
                marker => InvokeAsync<RulesResponse>(
                    new DescribeRulesRequest { ListenerArn = listenerArn, Marker = marker },
                    DescribeRulesRequestMarshaller.Instance, RulesResponseUnmarshaller.DescribeRules, cancellationToken),
                page => (page.Rules, page.NextMarker));
        }

        public async Task<Listener> ModifyListenerAsync(string listenerArn, IEnumerable<Model.Action> defaultActions, CancellationToken cancellationToken = default)
        {
            RequireValue(listenerArn, nameof(listenerArn));
            ListenersResponse response = await InvokeAsync<ListenersResponse>(
                new ModifyListenerRequest { ListenerArn = listenerArn, DefaultActions = RequireItems(defaultActions, nameof(defaultActions)) },
                ModifyListenerRequestMarshaller.Instance, ListenersResponseUnmarshaller.ModifyListener, cancellationToken).ConfigureAwait(false);
            return Single(response.Listeners, "ModifyListener");
        }

        public async Task<Rule> ModifyRuleAsync(string ruleArn, IEnumerable<Model.Action> actions, CancellationToken cancellationToken = default)
        {
            RequireValue(ruleArn, nameof(ruleArn));
            RulesResponse response = await InvokeAsync<RulesResponse>(
                new ModifyRuleRequest { RuleArn = ruleArn, Actions = RequireItems(actions, nameof(actions)) },
                ModifyRuleRequestMarshaller.Instance, RulesResponseUnmarshaller.ModifyRule, cancellationToken).ConfigureAwait(false);
            return Single(response.Rules, "ModifyRule");
        }

        public Task RegisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default)
        {
            RequireValue(targetGroupArn, nameof(targetGroupArn));
            return InvokeAsync<EmptyResponse>(
                new RegisterTargetsRequest { TargetGroupArn = targetGroupArn, Targets = RequireItems(targets, nameof(targets)) },
                RegisterTargetsRequestMarshaller.Instance, EmptyResponseUnmarshaller.RegisterTargets, cancellationToken);
        }

        public Task DeregisterTargetsAsync(string targetGroupArn, IEnumerable<TargetDescription> targets, CancellationToken cancellationToken = default)
        {
            RequireValue(targetGroupArn, nameof(targetGroupArn));
            return InvokeAsync<EmptyResponse>(
                new DeregisterTargetsRequest { TargetGroupArn = targetGroupArn, Targets = RequireItems(targets, nameof(targets)) },
                DeregisterTargetsRequestMarshaller.Instance, EmptyResponseUnmarshaller.DeregisterTargets, cancellationToken);
        }

        public async Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(
            string targetGroupArn, IEnumerable<TargetDescription>? targets = null, CancellationToken cancellationToken = default)
        {
            RequireValue(targetGroupArn, nameof(targetGroupArn));
            TargetHealthDescriptionsResponse response = await InvokeAsync<TargetHealthDescriptionsResponse>(
                new DescribeTargetHealthRequest { TargetGroupArn = targetGroupArn, Targets = targets?.ToList() ?? new List<TargetDescription>() },
                DescribeTargetHealthRequestMarshaller.Instance, TargetHealthDescriptionsResponseUnmarshaller.DescribeTargetHealth, cancellationToken).ConfigureAwait(false);
            return response.TargetHealthDescriptions;
        }

        public async Task<IReadOnlyList<TagDescription>> DescribeTagsAsync(IEnumerable<string> resourceArns, CancellationToken cancellationToken = default)
        {
            List<string> arns = RequireItems(resourceArns, nameof(resourceArns));
            var descriptions = new List<TagDescription>(arns.Count);
            for (int start = 0; start < arns.Count; start += DescribeTagsBatchSize)
            {
                List<string> batch = arns.GetRange(start, Math.Min(DescribeTagsBatchSize, arns.Count - start));
                TagDescriptionsResponse response = await InvokeAsync<TagDescriptionsResponse>(
                    new DescribeTagsRequest { ResourceArns = batch },
                    DescribeTagsRequestMarshaller.Instance, TagDescriptionsResponseUnmarshaller.DescribeTags, cancellationToken).ConfigureAwait(false);
                descriptions.AddRange(response.TagDescriptions);
            }

            return descriptions;
        }

        public Task AddTagsAsync(IEnumerable<string> resourceArns, IEnumerable<Tag> tags, CancellationToken cancellationToken = default) =>
            InvokeAsync<EmptyResponse>(
                new AddTagsRequest { ResourceArns = RequireItems(resourceArns, nameof(resourceArns)), Tags = RequireItems(tags, nameof(tags)) },
                AddTagsRequestMarshaller.Instance, EmptyResponseUnmarshaller.AddTags, cancellationToken);

        public Task RemoveTagsAsync(IEnumerable<string> resourceArns, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
            InvokeAsync<EmptyResponse>(
                new RemoveTagsRequest { ResourceArns = RequireItems(resourceArns, nameof(resourceArns)), TagKeys = RequireItems(tagKeys, nameof(tagKeys)) },
                RemoveTagsRequestMarshaller.Instance, EmptyResponseUnmarshaller.RemoveTags, cancellationToken);

        public async Task<IReadOnlyList<TargetGroupAttribute>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default)
        {
            RequireValue(targetGroupArn, nameof(targetGroupArn));
            TargetGroupAttributesResponse response = await InvokeAsync<TargetGroupAttributesResponse>(
                new DescribeTargetGroupAttributesRequest { TargetGroupArn = targetGroupArn },
                DescribeTargetGroupAttributesRequestMarshaller.Instance, TargetGroupAttributesResponseUnmarshaller.DescribeTargetGroupAttributes, cancellationToken).ConfigureAwait(false);
            return response.Attributes;
        }

        public async Task<IReadOnlyList<TargetGroupAttribute>> ModifyTargetGroupAttributesAsync(
            string targetGroupArn, IEnumerable<TargetGroupAttribute> attributes, CancellationToken cancellationToken = default)
        {
            RequireValue(targetGroupArn, nameof(targetGroupArn));
            TargetGroupAttributesResponse response = await InvokeAsync<TargetGroupAttributesResponse>(
                new ModifyTargetGroupAttributesRequest { TargetGroupArn = targetGroupArn, Attributes = RequireItems(attributes, nameof(attributes)) },
                ModifyTargetGroupAttributesRequestMarshaller.Instance, TargetGroupAttributesResponseUnmarshaller.ModifyTargetGroupAttributes, cancellationToken).ConfigureAwait(false);
            return response.Attributes;
        }

        public async Task<LoadBalancer> CreateLoadBalancerAsync(Model.CreateLoadBalancerRequest request, CancellationToken cancellationToken = default)
        {
            LoadBalancersResponse response = await InvokeAsync<LoadBalancersResponse>(
                new Internal.Requests.CreateLoadBalancerRequest(request ?? throw new ArgumentNullException(nameof(request))),
                CreateLoadBalancerRequestMarshaller.Instance, LoadBalancersResponseUnmarshaller.CreateLoadBalancer, cancellationToken).ConfigureAwait(false);
            return Single(response.LoadBalancers, "CreateLoadBalancer");
        }

        public async Task<TargetGroup> CreateTargetGroupAsync(Model.CreateTargetGroupRequest request, CancellationToken cancellationToken = default)
        {
            TargetGroupsResponse response = await InvokeAsync<TargetGroupsResponse>(
                new Internal.Requests.CreateTargetGroupRequest(request ?? throw new ArgumentNullException(nameof(request))),
                CreateTargetGroupRequestMarshaller.Instance, TargetGroupsResponseUnmarshaller.CreateTargetGroup, cancellationToken).ConfigureAwait(false);
            return Single(response.TargetGroups, "CreateTargetGroup");
        }

        public async Task<Listener> CreateListenerAsync(Model.CreateListenerRequest request, CancellationToken cancellationToken = default)
        {
            ListenersResponse response = await InvokeAsync<ListenersResponse>(
                new Internal.Requests.CreateListenerRequest(request ?? throw new ArgumentNullException(nameof(request))),
                CreateListenerRequestMarshaller.Instance, ListenersResponseUnmarshaller.CreateListener, cancellationToken).ConfigureAwait(false);
            return Single(response.Listeners, "CreateListener");
        }

        public async Task<Rule> CreateRuleAsync(Model.CreateRuleRequest request, CancellationToken cancellationToken = default)
        {
            RulesResponse response = await InvokeAsync<RulesResponse>(
                new Internal.Requests.CreateRuleRequest(request ?? throw new ArgumentNullException(nameof(request))),
                CreateRuleRequestMarshaller.Instance, RulesResponseUnmarshaller.CreateRule, cancellationToken).ConfigureAwait(false);
            return Single(response.Rules, "CreateRule");
        }

        public Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default)
        {
            RequireValue(listenerArn, nameof(listenerArn));
            return InvokeAsync<EmptyResponse>(
                new DeleteListenerRequest { ListenerArn = listenerArn },
                DeleteListenerRequestMarshaller.Instance, EmptyResponseUnmarshaller.DeleteListener, cancellationToken);
        }

        public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default)
        {
            RequireValue(ruleArn, nameof(ruleArn));
            return InvokeAsync<EmptyResponse>(
                new DeleteRuleRequest { RuleArn = ruleArn },
                DeleteRuleRequestMarshaller.Instance, EmptyResponseUnmarshaller.DeleteRule, cancellationToken);
        }

        public Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default)
        {
            RequireValue(targetGroupArn, nameof(targetGroupArn));
            return InvokeAsync<EmptyResponse>(
                new DeleteTargetGroupRequest { TargetGroupArn = targetGroupArn },
                DeleteTargetGroupRequestMarshaller.Instance, EmptyResponseUnmarshaller.DeleteTargetGroup, cancellationToken);
        }

        /// <summary>
        /// Adds this service's endpoint resolver and auth scheme handler right after the marshaller, in place of the
        /// SDK's generic endpoint resolver (the SDK's generated clients do exactly this).
        /// </summary>
        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            pipeline.RemoveHandler<EndpointResolver>();
            pipeline.AddHandlerAfter<Marshaller>(new ElasticLoadBalancingV2EndpointResolver());
            pipeline.AddHandlerAfter<Marshaller>(new ElasticLoadBalancingV2AuthSchemeHandler());
        }

        private Task<TResponse> InvokeAsync<TResponse>(
            ElasticLoadBalancingV2Request request,
            IMarshaller<IRequest, AmazonWebServiceRequest> marshaller,
            ResponseUnmarshaller unmarshaller,
            CancellationToken cancellationToken)
            where TResponse : AmazonWebServiceResponse, new()
        {
            var options = new InvokeOptions
            {
                RequestMarshaller = marshaller,
                ResponseUnmarshaller = unmarshaller,
            };
            return InvokeAsync<TResponse>(request, options, cancellationToken);
        }

        /// <summary>Follows Marker/NextMarker until the last page and returns the items of every page.</summary>
        private static async Task<IReadOnlyList<TItem>> CollectPagesAsync<TResponse, TItem>(
            Func<string?, Task<TResponse>> fetchPage, Func<TResponse, (List<TItem> Items, string? NextMarker)> readPage)
        {
            var items = new List<TItem>();
            var seenMarkers = new HashSet<string>(StringComparer.Ordinal);
            string? marker = null;
            do
            {
                (List<TItem> pageItems, string? nextMarker) = readPage(await fetchPage(marker).ConfigureAwait(false));
                items.AddRange(pageItems);
                if (!string.IsNullOrEmpty(nextMarker) && !seenMarkers.Add(nextMarker!))
                {
                    throw new InvalidDataException($"Elastic Load Balancing returned the page marker '{nextMarker}' twice; stopping instead of paging forever.");
                }

                marker = string.IsNullOrEmpty(nextMarker) ? null : nextMarker;
            }
            while (marker != null);

            return items;
        }

        private static T Single<T>(List<T> items, string operation)
        {
            if (items.Count != 1)
            {
                throw new InvalidDataException($"{operation} returned {items.Count} resources where exactly one was expected.");
            }

            return items[0];
        }

        private static void RequireValue(string value, string parameterName)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException("A value is required.", parameterName);
            }
        }

        private static List<T> RequireItems<T>(IEnumerable<T> items, string parameterName)
        {
            List<T> list = (items ?? throw new ArgumentNullException(parameterName)).ToList();
            if (list.Count == 0)
            {
                throw new ArgumentException("At least one item is required.", parameterName);
            }

            return list;
        }
    }
}
