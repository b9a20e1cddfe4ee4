using System.Text.RegularExpressions;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Configuration;

namespace BlueGreen.Traffic
{
    /// <summary>
    /// Decides, for <see cref="LoadBalancerPreparation"/>, which group serves the site (live) and which is the second
    /// one (idle: an existing group, or the name and color of the one to create), from the configured TargetGroups, else
    /// from the project's tags and what the listeners forward to. Refuses, naming the reason, whatever is ambiguous or
    /// belongs to someone else.
    /// </summary>
    internal sealed class TargetGroupPairing
    {
        private const int MaxTargetGroupName = 32;
        private static readonly Regex ValidTargetGroupName = new Regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$", RegexOptions.CultureInvariant);

        private readonly ProjectConfiguration _config;
        private readonly LoadBalancer _loadBalancer;
        private readonly string _lbName;
        private readonly IReadOnlyDictionary<string, TargetGroup> _groups;
        private readonly TargetGroupTags _tags;
        private readonly IOperationReporter _reporter;

        internal TargetGroupPairing(ProjectConfiguration config, LoadBalancer loadBalancer, IReadOnlyDictionary<string, TargetGroup> groups, TargetGroupTags tags, IOperationReporter reporter)
        {
            _config = config;
            _loadBalancer = loadBalancer;
            _lbName = loadBalancer.LoadBalancerName ?? loadBalancer.LoadBalancerArn!;
            _groups = groups;
            _tags = tags;
            _reporter = reporter;
        }

        /// <summary>The group's name, or the ARN when DescribeTargetGroups does not list it.</summary>
        internal string NameOf(string arn) => _groups.TryGetValue(arn, out TargetGroup? g) ? g.TargetGroupName ?? arn : arn;

        /// <summary>The plan's starting point: the live group and its color, the idle group (or its name) and its color.</summary>
        /// <param name="routes">Every place that forwards the site's traffic (preview rules apart) with the weights it gives.</param>
        internal LoadBalancerPreparationPlan Pair(IReadOnlyList<(string Name, IReadOnlyDictionary<string, int> Weights)> routes)
        {
            // A forwarded group tagged with another project is never taken over.
            foreach (var route in routes)
            {
                string? foreign = route.Weights.Keys.FirstOrDefault(arn => _tags.ProjectOf(arn) is string p && p != _config.Project);
                if (foreign != null)
                {
                    throw new BlueGreenException(
                        "OtherProjectTargetGroup",
                        FailureCategory.InvalidData,
                        $"{route.Name} of load balancer {_lbName} forwards to {NameOf(foreign)}, which is tagged {ProjectConfiguration.ProjectTagKey}={_tags.ProjectOf(foreign)}, not {_config.Project}. " +
                        "BlueGreen will not take over another project's group: check Project and LoadBalancer in bluegreen.psd1, or point that listener at this project's group.",
                        foreign);
                }
            }

            var serving = new HashSet<string>(routes.SelectMany(r => r.Weights.Where(w => w.Value > 0).Select(w => w.Key)), StringComparer.Ordinal);
            if (serving.Count == 0)
            {
                throw new BlueGreenException(
                    "NoForwardingListener",
                    FailureCategory.ObjectNotFound,
                    $"The forward actions of load balancer {_lbName} give every target group a weight of 0, so no group serves the site. Give the serving group a weight, then run again.",
                    _lbName);
            }

            (string liveArn, TargetGroup? idle, string? idleName) = _config.TargetGroups.Count == 2
                ? ResolveConfigured(routes, serving)
                : ResolveTagged(routes, serving);

            TargetGroup live = _groups.TryGetValue(liveArn, out TargetGroup? found) ? found : throw new BlueGreenException(
                "TargetGroupNotFound",
                FailureCategory.ObjectNotFound,
                $"Load balancer {_lbName} forwards to {liveArn}, which DescribeTargetGroups does not list. Check the account and region (-Region, -ProfileName), then run again.",
                liveArn);

            // Colors: a tag wins, then the name; the second group gets the other one.
            string? liveColor = _tags.ColorOf(liveArn)?.ToLowerInvariant() ?? ColorInName(live.TargetGroupName);
            string? idleColor = idle == null ? null : _tags.ColorOf(idle.TargetGroupArn!)?.ToLowerInvariant() ?? ColorInName(idle.TargetGroupName);
            liveColor ??= idleColor == null ? "blue" : Opposite(idleColor);
            if (idleColor == null || idleColor == liveColor)
            {
                if (idle != null && _tags.ColorOf(idle.TargetGroupArn!) != null && _tags.ColorOf(liveArn) != null)
                {
                    throw new BlueGreenException(
                        "ColorConflict",
                        FailureCategory.InvalidData,
                        $"Both {live.TargetGroupName} and {idle.TargetGroupName} are tagged {ProjectConfiguration.ColorTagKey}={liveColor}. Tag one of them blue and the other green (aws elbv2 add-tags), then run again.",
                        idle.TargetGroupArn);
                }

                idleColor = Opposite(liveColor);
            }

            if (idle == null)
            {
                idleName ??= DeriveName(_config.Project, live.TargetGroupName ?? string.Empty, liveColor, idleColor);
                idle = FindByName(idleName);
            }

            if (idle != null)
            {
                CheckUsable(idle, live);
            }

            return new LoadBalancerPreparationPlan(_lbName, _loadBalancer.LoadBalancerArn!, _config.Project, live, liveColor, idle?.TargetGroupName ?? idleName!, idleColor, idle) { IdleArn = idle?.TargetGroupArn };
        }

        /// <summary>
        /// The live group's name with its color swapped (shop-blue → shop-green), else &lt;project&gt;-&lt;color&gt;
        /// (letters, digits and hyphens, at most 32 characters).
        /// </summary>
        internal static string DeriveName(string project, string liveName, string liveColor, string idleColor)
        {
            int at = liveName.IndexOf(liveColor, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                string swapped = liveName.Substring(0, at) + idleColor + liveName.Substring(at + liveColor.Length);
                if (swapped.Length <= MaxTargetGroupName)
                {
                    return swapped;
                }
            }

            string stem = Regex.Replace(project, "[^A-Za-z0-9-]+", "-").Trim('-');
            int room = MaxTargetGroupName - idleColor.Length - 1;
            if (stem.Length > room)
            {
                stem = stem.Substring(0, room).TrimEnd('-');
            }

            return stem.Length == 0 ? idleColor : stem + "-" + idleColor;
        }

        /// <summary>The two groups are named in TargetGroups: the serving one must be one of them.</summary>
        private (string LiveArn, TargetGroup? Idle, string? IdleName) ResolveConfigured(IReadOnlyList<(string Name, IReadOnlyDictionary<string, int> Weights)> routes, HashSet<string> serving)
        {
            TargetGroup? Find(string nameOrArn) => nameOrArn.StartsWith("arn:", StringComparison.Ordinal)
                ? (_groups.TryGetValue(nameOrArn, out TargetGroup? g) ? g : null)
                : _groups.Values.FirstOrDefault(g => string.Equals(g.TargetGroupName, nameOrArn, StringComparison.Ordinal));
            TargetGroup?[] configured = _config.TargetGroups.Select(Find).ToArray();
            var configuredArns = new HashSet<string>(configured.Where(g => g != null).Select(g => g!.TargetGroupArn!), StringComparer.Ordinal);
            foreach (var route in routes)
            {
                string? other = route.Weights.Where(w => w.Value > 0).Select(w => w.Key).FirstOrDefault(arn => !configuredArns.Contains(arn));
                if (other != null)
                {
                    throw new BlueGreenException(
                        "NotConfiguredTargetGroup",
                        FailureCategory.InvalidData,
                        $"{route.Name} of load balancer {_lbName} forwards to {NameOf(other)}, which is not one of the TargetGroups configured ({string.Join(", ", _config.TargetGroups)}). " +
                        "Name the group that serves the site in TargetGroups of bluegreen.psd1 (or -TargetGroupName), or point the listener at it, then run again.",
                        other);
                }
            }

            if (serving.Count > 1)
            {
                throw new BlueGreenException(
                    "TrafficSplit",
                    FailureCategory.InvalidOperation,
                    $"Load balancer {_lbName} sends traffic to both configured groups ({string.Join(", ", serving.Select(NameOf))}): a switch is under way. Finish it (Switch-BgTargetGroup, or Resume-BgDeployment) or send everything back (Switch-BgTargetGroup -Weight 0), then run again.",
                    _lbName);
            }

            string liveArn = serving.Single();
            int liveIndex = Array.FindIndex(configured, g => g?.TargetGroupArn == liveArn);
            string idleEntry = _config.TargetGroups[1 - liveIndex];
            TargetGroup? idle = configured[1 - liveIndex];
            if (idle == null && idleEntry.StartsWith("arn:", StringComparison.Ordinal))
            {
                throw new BlueGreenException(
                    "TargetGroupNotFound",
                    FailureCategory.ObjectNotFound,
                    $"The configured target group {idleEntry} does not exist, and a group cannot be created under an ARN. Put a name in TargetGroups of bluegreen.psd1 (or -TargetGroupName) for the group to create, then run again.",
                    idleEntry);
            }

            return (liveArn, idle, idle?.TargetGroupName ?? idleEntry);
        }

        /// <summary>No TargetGroups configured: the serving group is live, the project's other tagged group (if any) idle.</summary>
        private (string LiveArn, TargetGroup? Idle, string? IdleName) ResolveTagged(IReadOnlyList<(string Name, IReadOnlyDictionary<string, int> Weights)> routes, HashSet<string> serving)
        {
            List<string> projectGroups = _groups.Keys.Where(arn => _tags.ProjectOf(arn) == _config.Project).OrderBy(NameOf, StringComparer.Ordinal).ToList();
            if (projectGroups.Count > 2)
            {
                throw new BlueGreenException(
                    "AmbiguousTargetGroups",
                    FailureCategory.InvalidData,
                    $"{projectGroups.Count} target groups are tagged {ProjectConfiguration.ProjectTagKey}={_config.Project} ({string.Join(", ", projectGroups.Select(NameOf))}); a blue-green project has exactly two. " +
                    "Remove the tag from the extra groups (aws elbv2 remove-tags), or list the two as TargetGroups in bluegreen.psd1 (or -TargetGroupName), then run again.",
                    _config.Project);
            }

            if (serving.Count > 1)
            {
                bool ours = serving.All(projectGroups.Contains);
                throw new BlueGreenException(
                    ours ? "TrafficSplit" : "AmbiguousServingGroup",
                    ours ? FailureCategory.InvalidOperation : FailureCategory.InvalidData,
                    ours
                        ? $"Load balancer {_lbName} sends traffic to both of the project's groups ({string.Join(", ", serving.Select(NameOf))}): a switch is under way. Finish it (Switch-BgTargetGroup, or Resume-BgDeployment) or send everything back (Switch-BgTargetGroup -Weight 0), then run again."
                        : $"The listeners of load balancer {_lbName} forward to {serving.Count} groups ({string.Join("; ", routes.Select(r => r.Name + " → " + string.Join(", ", r.Weights.Where(w => w.Value > 0).Select(w => NameOf(w.Key)))))}), so which one serves the site is not clear. " +
                          "Point every forwarding listener and rule at the group that serves the site, or name the project's two groups as TargetGroups in bluegreen.psd1 (or -TargetGroupName), then run again.",
                    _lbName);
            }

            string liveArn = serving.Single();
            List<string> others = projectGroups.Where(arn => arn != liveArn).ToList();
            if (projectGroups.Count == 2 && others.Count == 2)
            {
                throw new BlueGreenException(
                    "AmbiguousTargetGroups",
                    FailureCategory.InvalidData,
                    $"The project's two tagged groups are {string.Join(" and ", projectGroups.Select(NameOf))}, but load balancer {_lbName} forwards to {NameOf(liveArn)}. " +
                    "Point the listeners at one of the project's groups, or fix the tags (aws elbv2 remove-tags / add-tags), then run again.",
                    liveArn);
            }

            if (others.Count != 1)
            {
                return (liveArn, null, null);
            }

            TargetGroup idle = _groups[others[0]];
            return (liveArn, idle, idle.TargetGroupName ?? others[0]);
        }

        /// <summary>The name the second group is created under must be valid and free (or be a group of this project's, which is then used).</summary>
        private TargetGroup? FindByName(string name)
        {
            if (!ValidTargetGroupName.IsMatch(name))
            {
                throw new BlueGreenException(
                    "InvalidTargetGroupName",
                    FailureCategory.InvalidArgument,
                    $"'{name}' is not a valid target group name (1-{MaxTargetGroupName} letters, digits and hyphens, not starting or ending with a hyphen). Name the two groups in TargetGroups of bluegreen.psd1 (or -TargetGroupName), then run again.",
                    name);
            }

            TargetGroup? taken = _groups.Values.FirstOrDefault(g => string.Equals(g.TargetGroupName, name, StringComparison.OrdinalIgnoreCase));
            if (taken == null)
            {
                _reporter.Verbose($"No target group is named {name}; it will be created.");
                return null;
            }

            string? owner = _tags.ProjectOf(taken.TargetGroupArn!);
            bool configured = _config.TargetGroups.Contains(name, StringComparer.Ordinal);
            if (owner == _config.Project || (owner == null && configured))
            {
                return taken;
            }

            throw new BlueGreenException(
                "TargetGroupNameTaken",
                FailureCategory.ResourceExists,
                owner != null
                    ? $"The second group would be named {name}, but a target group of that name exists and is tagged {ProjectConfiguration.ProjectTagKey}={owner}, another project. Name this project's two groups in TargetGroups of bluegreen.psd1 (or -TargetGroupName), then run again."
                    : $"The second group would be named {name}, but a target group of that name exists and is not tagged as this project's. To use it, tag it ({ProjectConfiguration.ProjectTagKey}={_config.Project}) or name it in TargetGroups of bluegreen.psd1; otherwise name the two groups there (or -TargetGroupName), then run again.",
                taken.TargetGroupArn);
        }

        /// <summary>An existing second group must be this project's (or untagged), like the live one, and attached to no other load balancer.</summary>
        private void CheckUsable(TargetGroup idle, TargetGroup live)
        {
            string name = idle.TargetGroupName ?? idle.TargetGroupArn!;
            string? owner = _tags.ProjectOf(idle.TargetGroupArn!);
            if (owner != null && owner != _config.Project)
            {
                throw new BlueGreenException(
                    "OtherProjectTargetGroup",
                    FailureCategory.InvalidData,
                    $"Target group {name} is tagged {ProjectConfiguration.ProjectTagKey}={owner}, not {_config.Project}. BlueGreen will not take over another project's group: check TargetGroups and Project in bluegreen.psd1, then run again.",
                    idle.TargetGroupArn);
            }

            string? otherLoadBalancer = idle.LoadBalancerArns.FirstOrDefault(arn => arn != _loadBalancer.LoadBalancerArn);
            if (otherLoadBalancer != null)
            {
                throw new BlueGreenException(
                    "TargetGroupInUse",
                    FailureCategory.ResourceBusy,
                    $"Target group {name} is used by another load balancer ({otherLoadBalancer}); a target group serves one Application Load Balancer. Name another group in TargetGroups of bluegreen.psd1 (or -TargetGroupName), then run again.",
                    idle.TargetGroupArn);
            }

            var differences = new List<string>();
            void Compare(string what, object? a, object? b)
            {
                if (!Equals(a, b))
                {
                    differences.Add($"{what} {a ?? "(none)"} instead of {b ?? "(none)"}");
                }
            }

            Compare("protocol", idle.Protocol, live.Protocol);
            Compare("port", idle.Port, live.Port);
            Compare("VPC", idle.VpcId, live.VpcId);
            Compare("target type", idle.TargetType, live.TargetType);
            if (differences.Count > 0)
            {
                throw new BlueGreenException(
                    "IncompatibleTargetGroup",
                    FailureCategory.InvalidData,
                    $"Target group {name} cannot take turns with {live.TargetGroupName}: it has {string.Join(", ", differences)}. Delete it so it is created as a copy, or name a matching group in TargetGroups of bluegreen.psd1, then run again.",
                    idle.TargetGroupArn);
            }
        }

        private static string? ColorInName(string? name)
        {
            string lower = (name ?? string.Empty).ToLowerInvariant();
            bool blue = lower.Contains("blue");
            bool green = lower.Contains("green");
            return blue == green ? null : blue ? "blue" : "green";
        }

        private static string Opposite(string color) => color == "green" ? "blue" : "green";
    }
}
