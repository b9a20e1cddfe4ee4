using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>The tags of load balancers, target groups, listeners and rules, found by ARN, with ELBv2's limits.</summary>
    internal sealed class ResourceTags(LoadBalancingState state)
    {
        private readonly LoadBalancingState _state = state;

        internal TagSet Of(string arn)
        {
            if (arn.StartsWith(_state.ArnPrefix + "loadbalancer/", StringComparison.Ordinal))
            {
                return _state.GetLoadBalancer(arn).Tags;
            }

            if (arn.StartsWith(_state.ArnPrefix + "targetgroup/", StringComparison.Ordinal))
            {
                return _state.GetTargetGroup(arn).Tags;
            }

            if (arn.StartsWith(_state.ArnPrefix + "listener/", StringComparison.Ordinal))
            {
                return _state.GetListener(arn).Tags;
            }

            if (arn.StartsWith(_state.ArnPrefix + "listener-rule/", StringComparison.Ordinal))
            {
                Listener? owner = _state.Listeners.FirstOrDefault(l => l.DefaultRuleArn == arn);
                return owner != null ? owner.DefaultRuleTags : _state.FindRule(arn).Tags;
            }

            throw ElbV2Validation.Error($"'{arn}' is not a valid load balancer, target group, listener or rule ARN");
        }

        internal void Add(IReadOnlyList<string> arns, IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            List<TagSet> sets = arns.Select(Of).ToList();
            foreach (TagSet set in sets)
            {
                Check(tags, set);
            }

            foreach (TagSet set in sets)
            {
                set.SetAll(tags);
            }
        }

        internal void Remove(IReadOnlyList<string> arns, IReadOnlyList<string> keys)
        {
            List<TagSet> sets = arns.Select(Of).ToList();
            foreach (TagSet set in sets)
            {
                foreach (string key in keys)
                {
                    set.Remove(key);
                }
            }
        }

        /// <summary>ELBv2's limits on tags given to a resource that already has <paramref name="existing"/>.</summary>
        internal static void Check(IReadOnlyList<KeyValuePair<string, string>> tags, TagSet existing)
        {
            string? duplicate = tags.GroupBy(t => t.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).FirstOrDefault();
            if (duplicate != null)
            {
                throw new AwsErrorException("DuplicateTagKeys", $"Tag key '{duplicate}' is duplicated");
            }

            foreach (KeyValuePair<string, string> tag in tags)
            {
                if (tag.Key.Length == 0 || tag.Key.Length > 128 || tag.Value.Length > 256)
                {
                    throw ElbV2Validation.Error($"Tag key '{tag.Key}' must be 1-128 characters and its value at most 256 characters");
                }

                if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                {
                    throw ElbV2Validation.Error("Tag keys starting with 'aws:' are reserved for internal use");
                }
            }

            if (existing.CountAfterAdding(tags) > 50)
            {
                throw new AwsErrorException("TooManyTags", "You've reached the limit on the number of tags for this resource");
            }
        }
    }
}
