using System.Text.Json.Nodes;
using BlueGreen.Aws.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>
    /// One action of a listener's default actions or of a rule: <c>forward</c>, <c>redirect</c>, <c>fixed-response</c>,
    /// <c>authenticate-oidc</c> or <c>authenticate-cognito</c>. Read from and written as the model's Action shape; the
    /// codec has already checked what the model says (type enum, order range, required members), this checks the rest.
    /// </summary>
    internal sealed class RuleAction(string type, int? order, ForwardActionConfig? forwardConfig = null, RedirectActionConfig? redirectConfig = null, FixedResponseActionConfig? fixedResponseConfig = null, JsonObject? authenticateConfig = null)
    {
        internal const string Forward = "forward";
        internal const string Redirect = "redirect";
        internal const string FixedResponse = "fixed-response";
        internal const string AuthenticateOidc = "authenticate-oidc";
        internal const string AuthenticateCognito = "authenticate-cognito";

        private static readonly string[] ConfigMembers = { "ForwardConfig", "RedirectConfig", "FixedResponseConfig", "AuthenticateOidcConfig", "AuthenticateCognitoConfig" };

        internal string Type { get; } = type;

        internal int? Order { get; } = order;

        internal ForwardActionConfig? ForwardConfig { get; } = forwardConfig;

        internal RedirectActionConfig? RedirectConfig { get; } = redirectConfig;

        internal FixedResponseActionConfig? FixedResponseConfig { get; } = fixedResponseConfig;

        /// <summary>An authenticate-oidc/-cognito config as sent, without the write-only client secret (ELBv2 never returns it).</summary>
        internal JsonObject? AuthenticateConfig { get; } = authenticateConfig;

        internal string? SingleTargetGroupArn =>
            ForwardConfig != null && ForwardConfig.TargetGroups.Count == 1 ? ForwardConfig.TargetGroups[0].TargetGroupArn : null;

        internal IEnumerable<string> TargetGroupArns =>
            ForwardConfig?.TargetGroups.Select(g => g.TargetGroupArn) ?? Enumerable.Empty<string>();

        internal bool IsTerminal => Type == Forward || Type == Redirect || Type == FixedResponse;

        /// <summary>An action from its Action shape; a config of another type's, or none where one is needed, is ValidationError as in ELBv2.</summary>
        internal static RuleAction FromShape(JsonObject action)
        {
            string type = (string)action["Type"]!;
            int? order = (int?)action["Order"];
            string own = type switch
            {
                Forward => "ForwardConfig",
                Redirect => "RedirectConfig",
                FixedResponse => "FixedResponseConfig",
                AuthenticateOidc => "AuthenticateOidcConfig",
                _ => "AuthenticateCognitoConfig",
            };
            foreach (string config in ConfigMembers.Where(c => c != own && action[c] != null))
            {
                throw ElbV2Validation.Error($"You cannot specify {config} for an action of type '{type}'");
            }

            if (type != Forward && action["TargetGroupArn"] != null)
            {
                throw ElbV2Validation.Error($"You cannot specify a target group for an action of type '{type}'");
            }

            switch (type)
            {
                case Forward:
                    return new RuleAction(type, order, forwardConfig: ForwardActionConfig.FromShape((string?)action["TargetGroupArn"], action["ForwardConfig"] as JsonObject));
                case Redirect:
                    return new RuleAction(type, order, redirectConfig: RedirectActionConfig.FromShape(
                        action["RedirectConfig"] as JsonObject ?? throw ElbV2Validation.Error("A redirect config must be specified for a redirect action")));
                case FixedResponse:
                    return new RuleAction(type, order, fixedResponseConfig: FixedResponseActionConfig.FromShape(
                        action["FixedResponseConfig"] as JsonObject ?? throw ElbV2Validation.Error("A fixed-response config must be specified for a fixed-response action")));
                default:
                    var config = (JsonObject)(action[own] ?? throw ElbV2Validation.Error(
                        $"1 validation error detected: Value null at '{char.ToLowerInvariant(own[0]) + own.Substring(1)}' failed to satisfy constraint: Member must not be null")).DeepClone();
                    config.Remove("ClientSecret");
                    config.Remove("UseExistingClientSecret");
                    return new RuleAction(type, order, authenticateConfig: config);
            }
        }

        /// <summary>The action as the model's Action shape.</summary>
        internal JsonObject ToShape() => new JsonObject
        {
            ["Type"] = Type,
            ["TargetGroupArn"] = SingleTargetGroupArn,
            ["Order"] = Order,
            ["ForwardConfig"] = ForwardConfig?.ToShape(),
            ["RedirectConfig"] = RedirectConfig?.ToShape(),
            ["FixedResponseConfig"] = FixedResponseConfig?.ToShape(),
            [Type == AuthenticateOidc ? "AuthenticateOidcConfig" : "AuthenticateCognitoConfig"] = AuthenticateConfig?.DeepClone(),
        };
    }
}
