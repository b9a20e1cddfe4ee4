using System.Collections.Generic;
using System.Linq;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>
    /// One action of a listener's default actions or of a rule: <c>forward</c>, <c>redirect</c>, <c>fixed-response</c>,
    /// <c>authenticate-oidc</c> or <c>authenticate-cognito</c>.
    /// </summary>
    internal sealed class RuleAction
    {
        internal const string Forward = "forward";
        internal const string Redirect = "redirect";
        internal const string FixedResponse = "fixed-response";
        internal const string AuthenticateOidc = "authenticate-oidc";
        internal const string AuthenticateCognito = "authenticate-cognito";

        internal static readonly string[] Types = { Forward, AuthenticateOidc, AuthenticateCognito, Redirect, FixedResponse };

        internal RuleAction(string type, int? order, ForwardActionConfig? forwardConfig = null, RedirectActionConfig? redirectConfig = null,
            FixedResponseActionConfig? fixedResponseConfig = null, StructuredValue? authenticateConfig = null)
        {
            Type = type;
            Order = order;
            ForwardConfig = forwardConfig;
            RedirectConfig = redirectConfig;
            FixedResponseConfig = fixedResponseConfig;
            AuthenticateConfig = authenticateConfig;
        }

        internal string Type { get; }

        internal int? Order { get; }

        internal ForwardActionConfig? ForwardConfig { get; }

        internal RedirectActionConfig? RedirectConfig { get; }

        internal FixedResponseActionConfig? FixedResponseConfig { get; }

        /// <summary>The AuthenticateOidcConfig or AuthenticateCognitoConfig, kept as sent (less the client secret).</summary>
        internal StructuredValue? AuthenticateConfig { get; }

        /// <summary>A forward to exactly one group is also reported with its TargetGroupArn, as ELBv2 does.</summary>
        internal string? SingleTargetGroupArn =>
            ForwardConfig != null && ForwardConfig.TargetGroups.Count == 1 ? ForwardConfig.TargetGroups[0].TargetGroupArn : null;

        internal IEnumerable<string> TargetGroupArns =>
            ForwardConfig?.TargetGroups.Select(g => g.TargetGroupArn) ?? Enumerable.Empty<string>();

        internal bool IsTerminal => Type == Forward || Type == Redirect || Type == FixedResponse;
    }
}
