using System.Globalization;
using System.Text.RegularExpressions;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>
    /// One DescribeInstances / DescribeInstanceStatus filter (<c>Filter.N.Name</c>, <c>Filter.N.Value.M</c>): an instance
    /// matches when the named attribute equals any of the values, where <c>*</c> and <c>?</c> are wildcards.
    /// </summary>
    internal sealed class InstanceFilter
    {
        private static readonly string[] InstanceFilterNames =
        {
            "instance-id", "instance-state-name", "instance-state-code", "tag-key", "tag-value", "instance-type", "image-id",
            "vpc-id", "subnet-id", "reservation-id", "client-token", "availability-zone", "private-ip-address", "ip-address",
            "key-name", "launch-time", "owner-id",
        };

        private static readonly string[] StatusFilterNames =
        {
            "instance-id", "instance-state-name", "instance-state-code", "availability-zone", "instance-status.status",
            "system-status.status", "instance-status.reachability", "system-status.reachability",
        };

        private readonly Regex[] _patterns;

        private InstanceFilter(string name, IReadOnlyList<string> values)
        {
            Name = name;
            Values = values;
            _patterns = values.Select(v => new Regex("^" + Regex.Escape(v).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.Singleline)).ToArray();
        }

        internal string Name { get; }

        internal IReadOnlyList<string> Values { get; }

        /// <summary>Reads <c>Filter.N</c> from the parameters; unknown filter names are InvalidParameterValue, as in EC2.</summary>
        internal static IReadOnlyList<InstanceFilter> Parse(QueryParameters parameters, bool forInstanceStatus) =>
            Parse(parameters, forInstanceStatus ? StatusFilterNames : InstanceFilterNames, allowTags: !forInstanceStatus);

        /// <summary>Reads <c>Filter.N</c> for another resource (e.g. key pairs): these names, and <c>tag:KEY</c> when allowed.</summary>
        internal static IReadOnlyList<InstanceFilter> Parse(QueryParameters parameters, IReadOnlyCollection<string> names, bool allowTags)
        {
            var filters = new List<InstanceFilter>();
            foreach (QueryParameters item in parameters.Items("Filter"))
            {
                string? name = item["Name"];
                if (string.IsNullOrEmpty(name))
                {
                    throw new AwsErrorException("InvalidParameterValue", "The filter 'null' is invalid");
                }

                bool known = name!.StartsWith("tag:", StringComparison.Ordinal) ? allowTags : names.Contains(name, StringComparer.Ordinal);
                if (!known)
                {
                    throw new AwsErrorException("InvalidParameterValue", $"The filter '{name}' is invalid");
                }

                filters.Add(new InstanceFilter(name, item.Values("Value")));
            }

            return filters;
        }

        internal bool Matches(IEnumerable<string?> attributeValues) =>
            attributeValues.Any(value => value != null && _patterns.Any(p => p.IsMatch(value)));

        internal bool Matches(string? attributeValue) => Matches(new[] { attributeValue });

        internal static string Code(int code) => code.ToString(CultureInfo.InvariantCulture);
    }
}
