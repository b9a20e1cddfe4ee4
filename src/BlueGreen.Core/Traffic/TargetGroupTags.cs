using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Configuration;

namespace BlueGreen.Traffic
{
    /// <summary>The tags of the load balancer's target groups as DescribeTags reported them, read by ARN.</summary>
    internal sealed class TargetGroupTags
    {
        private readonly IReadOnlyDictionary<string, IReadOnlyList<Tag>> _byArn;

        internal TargetGroupTags(IEnumerable<TagDescription> descriptions)
        {
            _byArn = descriptions.Where(d => d.ResourceArn != null).GroupBy(d => d.ResourceArn!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<Tag>)g.SelectMany(d => d.Tags).ToList(), StringComparer.Ordinal);
        }

        /// <summary>The value of tag <paramref name="key"/> on <paramref name="arn"/>, or null when it is not tagged so.</summary>
        internal string? ValueOf(string arn, string key) =>
            _byArn.TryGetValue(arn, out IReadOnlyList<Tag>? list) ? list.FirstOrDefault(t => t.Key == key)?.Value : null;

        /// <summary>The project the group is tagged with (bluegreen:project), or null.</summary>
        internal string? ProjectOf(string arn) => ValueOf(arn, ProjectConfiguration.ProjectTagKey);

        /// <summary>The color the group is tagged with (bluegreen:color), as written, or null.</summary>
        internal string? ColorOf(string arn) => ValueOf(arn, ProjectConfiguration.ColorTagKey);

        /// <summary>The two tags that make a group the project's group of that color.</summary>
        internal static List<Tag> ProjectTags(string project, string color) => new List<Tag>
        {
            new Tag { Key = ProjectConfiguration.ProjectTagKey, Value = project },
            new Tag { Key = ProjectConfiguration.ColorTagKey, Value = color },
        };

        internal static string Describe(IEnumerable<Tag> tags) => string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"));
    }
}
