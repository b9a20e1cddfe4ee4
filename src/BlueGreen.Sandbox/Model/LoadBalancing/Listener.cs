using System.Text.Json.Nodes;
using BlueGreen.Aws.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>A listener: a port and protocol on a load balancer, its default actions and its rules.</summary>
    internal sealed class Listener(string arn, string loadBalancerArn, string defaultRuleArn)
    {
        internal string Arn { get; } = arn;

        internal string LoadBalancerArn { get; } = loadBalancerArn;

        /// <summary>The ARN of the listener's default rule (IsDefault, priority "default"): its default actions.</summary>
        internal string DefaultRuleArn { get; } = defaultRuleArn;

        internal int Port { get; set; }

        internal string Protocol { get; set; } = "HTTP";

        internal string? SslPolicy { get; set; }

        internal IReadOnlyList<ListenerCertificate> Certificates { get; set; } = new List<ListenerCertificate>();

        internal IReadOnlyList<string> AlpnPolicy { get; set; } = new List<string>();

        internal IReadOnlyList<RuleAction> DefaultActions { get; set; } = new List<RuleAction>();

        /// <summary>The non-default rules, in creation order.</summary>
        internal List<ListenerRule> Rules { get; } = new List<ListenerRule>();

        internal TagSet Tags { get; } = new TagSet();

        internal TagSet DefaultRuleTags { get; } = new TagSet();


        /// <summary>The listener as the model's Listener shape.</summary>
        internal JsonObject ToShape() => new JsonObject
        {
            ["ListenerArn"] = Arn,
            ["LoadBalancerArn"] = LoadBalancerArn,
            ["Port"] = Port,
            ["Protocol"] = Protocol,
            ["Certificates"] = Certificates.Count == 0 ? null : ShapeValues.Array(Certificates, c => new JsonObject { ["CertificateArn"] = c.CertificateArn, ["IsDefault"] = c.IsDefault }),
            ["SslPolicy"] = SslPolicy,
            ["DefaultActions"] = ShapeValues.Array(DefaultActions, a => a.ToShape()),
            ["AlpnPolicy"] = AlpnPolicy.Count == 0 ? null : ShapeValues.Array(AlpnPolicy),
        };
    }
}
