using System.Net;

namespace BlueGreen.Sandbox.DataPlane.Routing
{
    /// <summary>
    /// Picks the action for a request as ALB does: the first rule, in priority order, whose conditions all match (the
    /// values of one condition are alternatives), else the listener's default action.
    /// </summary>
    internal static class RuleMatcher
    {
        internal static RoutedAction Choose(RoutedListener listener, RequestFacts request)
        {
            foreach (RoutedRule rule in listener.Rules.OrderBy(r => r.Priority))
            {
                if (rule.Conditions.All(c => Matches(c, request)))
                {
                    return rule.Action;
                }
            }

            return listener.DefaultAction;
        }

        internal static bool Matches(RoutedCondition condition, RequestFacts request)
        {
            switch (condition.Field)
            {
                case "path-pattern":
                    return condition.Values.Any(v => Wildcard.IsMatch(v, request.Path, ignoreCase: false));
                case "host-header":
                    return condition.Values.Any(v => Wildcard.IsMatch(v, request.Host, ignoreCase: true));
                case "http-header":
                    return condition.HttpHeaderName != null
                        && request.Headers.TryGetValue(condition.HttpHeaderName, out IReadOnlyList<string>? values)
                        && values.Any(value => condition.Values.Any(v => Wildcard.IsMatch(v, value, ignoreCase: true)));
                case "http-request-method":
                    return condition.Values.Any(v => string.Equals(v, request.Method, StringComparison.Ordinal));
                case "query-string":
                    return condition.QueryStrings.Any(pair => request.Query.Any(q =>
                        (pair.Key == null || Wildcard.IsMatch(pair.Key, q.Key, ignoreCase: true)) && Wildcard.IsMatch(pair.Value, q.Value, ignoreCase: true)));
                case "source-ip":
                    return request.SourceIp != null && condition.Values.Any(cidr => InCidr(request.SourceIp, cidr));
                default:
                    return false;
            }
        }

        internal static bool InCidr(IPAddress address, string cidr)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            int slash = cidr.IndexOf('/');
            if (slash < 0 || !IPAddress.TryParse(cidr.Substring(0, slash), out IPAddress? network) || !int.TryParse(cidr.Substring(slash + 1), out int bits))
            {
                return false;
            }

            byte[] a = address.GetAddressBytes();
            byte[] n = network.GetAddressBytes();
            if (a.Length != n.Length || bits < 0 || bits > a.Length * 8)
            {
                return false;
            }

            for (int i = 0; i < a.Length && bits > 0; i++, bits -= 8)
            {
                int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((a[i] & mask) != (n[i] & mask))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
