using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using BlueGreen.Sandbox.Model.LoadBalancing;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Services.ElasticLoadBalancing
{
    /// <summary>
    /// Reads ELBv2 request members from Query parameters: lists as <c>Name.member.N</c>, structures as <c>Name.Member</c>,
    /// maps as <c>Name.entry.N.key</c>. Malformed members are ValidationError, as ELBv2 answers them.
    /// </summary>
    internal static class ElbV2RequestReader
    {
        private static readonly Regex FixedResponseStatus = new Regex("^(2|4|5)\\d\\d$");
        private static readonly string[] FixedResponseContentTypes = { "text/plain", "text/css", "text/html", "application/javascript", "application/json" };

        internal static string Required(QueryParameters parameters, string member) =>
            parameters[member] is string value && value.Length > 0
                ? value
                : throw LoadBalancingState.Validation($"1 validation error detected: Value null at '{Camel(member)}' failed to satisfy constraint: Member must not be null");

        internal static IReadOnlyList<string> List(QueryParameters parameters, string member) => parameters.Values(member + ".member");

        internal static int? Int(QueryParameters parameters, string member, int min = int.MinValue, int max = int.MaxValue)
        {
            string? text = parameters[member];
            if (text == null)
            {
                return null;
            }

            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            {
                throw LoadBalancingState.Validation($"Value '{text}' for parameter {member} is invalid: expecting an integer");
            }

            if (value < min || value > max)
            {
                throw LoadBalancingState.Validation($"1 validation error detected: Value '{value}' at '{Camel(member)}' failed to satisfy constraint: Member must have value between {min} and {max}");
            }

            return value;
        }

        internal static bool? Bool(QueryParameters parameters, string member)
        {
            string? text = parameters[member];
            return text == null ? (bool?)null
                : string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) ? true
                : string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) ? false
                : throw LoadBalancingState.Validation($"Value '{text}' for parameter {member} is invalid: expecting true or false");
        }

        internal static IReadOnlyList<KeyValuePair<string, string>> Tags(QueryParameters parameters, string member = "Tags")
        {
            var tags = new List<KeyValuePair<string, string>>();
            foreach (QueryParameters tag in parameters.Items(member + ".member"))
            {
                tags.Add(new KeyValuePair<string, string>(Required(tag, "Key"), tag["Value"] ?? string.Empty));
            }

            return tags;
        }

        internal static IReadOnlyList<KeyValuePair<string, int?>> Targets(QueryParameters parameters)
        {
            var targets = new List<KeyValuePair<string, int?>>();
            foreach (QueryParameters target in parameters.Items("Targets.member"))
            {
                targets.Add(new KeyValuePair<string, int?>(Required(target, "Id"), Int(target, "Port")));
            }

            return targets;
        }

        internal static IReadOnlyList<ListenerCertificate>? Certificates(QueryParameters parameters)
        {
            if (!parameters.HasAny("Certificates"))
            {
                return null;
            }

            return parameters.Items("Certificates.member")
                .Select(c => new ListenerCertificate(Required(c, "CertificateArn"), Bool(c, "IsDefault")))
                .ToList();
        }

        /// <summary>Reads an action list (<c>DefaultActions</c>, <c>Actions</c>); null when the request has none.</summary>
        internal static IReadOnlyList<RuleAction>? Actions(QueryParameters parameters, string member)
        {
            if (!parameters.HasAny(member))
            {
                return null;
            }

            return parameters.Items(member + ".member").Select(Action).ToList();
        }

        internal static RuleAction Action(QueryParameters action)
        {
            string type = Required(action, "Type");
            if (!RuleAction.Types.Contains(type, StringComparer.Ordinal))
            {
                throw LoadBalancingState.Validation($"1 validation error detected: Value '{type}' at 'actions.member.type' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", RuleAction.Types)}]");
            }

            int? order = Int(action, "Order", 1, 50000);
            string[] configs = { "ForwardConfig", "RedirectConfig", "FixedResponseConfig", "AuthenticateOidcConfig", "AuthenticateCognitoConfig" };
            string own = type switch
            {
                RuleAction.Forward => "ForwardConfig",
                RuleAction.Redirect => "RedirectConfig",
                RuleAction.FixedResponse => "FixedResponseConfig",
                RuleAction.AuthenticateOidc => "AuthenticateOidcConfig",
                _ => "AuthenticateCognitoConfig",
            };
            foreach (string config in configs.Where(c => c != own && action.HasAny(c)))
            {
                throw LoadBalancingState.Validation($"You cannot specify {config} for an action of type '{type}'");
            }

            if (type != RuleAction.Forward && action.Has("TargetGroupArn"))
            {
                throw LoadBalancingState.Validation($"You cannot specify a target group for an action of type '{type}'");
            }

            switch (type)
            {
                case RuleAction.Forward:
                    return new RuleAction(type, order, forwardConfig: Forward(action));
                case RuleAction.Redirect:
                    return new RuleAction(type, order, redirectConfig: Redirect(action.Section("RedirectConfig"), action.HasAny("RedirectConfig")));
                case RuleAction.FixedResponse:
                    return new RuleAction(type, order, fixedResponseConfig: FixedResponse(action.Section("FixedResponseConfig"), action.HasAny("FixedResponseConfig")));
                case RuleAction.AuthenticateOidc:
                    return new RuleAction(type, order, authenticateConfig: Authenticate(action.Section(own), own,
                        "Issuer", "AuthorizationEndpoint", "TokenEndpoint", "UserInfoEndpoint", "ClientId"));
                default:
                    return new RuleAction(type, order, authenticateConfig: Authenticate(action.Section(own), own,
                        "UserPoolArn", "UserPoolClientId", "UserPoolDomain"));
            }
        }

        private static ForwardActionConfig Forward(QueryParameters action)
        {
            string? single = action["TargetGroupArn"];
            QueryParameters config = action.Section("ForwardConfig");
            var groups = new List<WeightedTargetGroup>();
            foreach (QueryParameters group in config.Items("TargetGroups.member"))
            {
                groups.Add(new WeightedTargetGroup(Required(group, "TargetGroupArn"), Int(group, "Weight", 0, 999) ?? 1));
            }

            if (groups.Count == 0 && single == null)
            {
                throw LoadBalancingState.Validation("A target group ARN must be specified");
            }

            if (single != null && groups.Count > 0 && (groups.Count != 1 || groups[0].TargetGroupArn != single))
            {
                throw LoadBalancingState.Validation("You cannot specify both a target group ARN and a forward config with different target groups");
            }

            if (groups.Count > 5)
            {
                throw LoadBalancingState.Validation("A forward action can have at most 5 target groups");
            }

            if (groups.GroupBy(g => g.TargetGroupArn).Any(g => g.Count() > 1))
            {
                throw LoadBalancingState.Validation("A target group can be specified only once in a forward action");
            }

            if (groups.Count == 0)
            {
                groups.Add(new WeightedTargetGroup(single!, 1));
            }

            QueryParameters stickiness = config.Section("TargetGroupStickinessConfig");
            bool enabled = Bool(stickiness, "Enabled") ?? false;
            int? duration = Int(stickiness, "DurationSeconds", 1, 604800);
            if (enabled && duration == null)
            {
                throw LoadBalancingState.Validation("A duration must be specified when target group stickiness is enabled");
            }

            return new ForwardActionConfig(groups, enabled, enabled ? duration : null);
        }

        private static RedirectActionConfig Redirect(QueryParameters config, bool present)
        {
            if (!present)
            {
                throw LoadBalancingState.Validation("A redirect config must be specified for a redirect action");
            }

            string statusCode = Required(config, "StatusCode");
            if (statusCode != "HTTP_301" && statusCode != "HTTP_302")
            {
                throw LoadBalancingState.Validation($"1 validation error detected: Value '{statusCode}' at 'redirectConfig.statusCode' failed to satisfy constraint: Member must satisfy enum value set: [HTTP_301, HTTP_302]");
            }

            string protocol = config["Protocol"] ?? "#{protocol}";
            if (protocol != "#{protocol}" && protocol != "HTTP" && protocol != "HTTPS")
            {
                throw LoadBalancingState.Validation($"Redirect protocol '{protocol}' must be HTTP, HTTPS or #{{protocol}}");
            }

            string path = config["Path"] ?? "/#{path}";
            if (!path.StartsWith("/", StringComparison.Ordinal))
            {
                throw LoadBalancingState.Validation($"Redirect path '{path}' must start with '/'");
            }

            return new RedirectActionConfig(protocol, config["Port"] ?? "#{port}", config["Host"] ?? "#{host}", path, config["Query"] ?? "#{query}", statusCode);
        }

        private static FixedResponseActionConfig FixedResponse(QueryParameters config, bool present)
        {
            if (!present)
            {
                throw LoadBalancingState.Validation("A fixed-response config must be specified for a fixed-response action");
            }

            string statusCode = Required(config, "StatusCode");
            if (!FixedResponseStatus.IsMatch(statusCode))
            {
                throw LoadBalancingState.Validation($"Fixed-response status code '{statusCode}' must be a 2XX, 4XX or 5XX code");
            }

            string? contentType = config["ContentType"];
            if (contentType != null && !FixedResponseContentTypes.Contains(contentType, StringComparer.Ordinal))
            {
                throw LoadBalancingState.Validation($"Fixed-response content type '{contentType}' must be one of {string.Join(", ", FixedResponseContentTypes)}");
            }

            string? body = config["MessageBody"];
            if (body != null && body.Length > 1024)
            {
                throw LoadBalancingState.Validation("Fixed-response message body must be at most 1024 characters");
            }

            return new FixedResponseActionConfig(statusCode, contentType, body);
        }

        private static StructuredValue Authenticate(QueryParameters config, string member, params string[] required)
        {
            foreach (string name in required)
            {
                if (string.IsNullOrEmpty(config[name]))
                {
                    throw LoadBalancingState.Validation($"1 validation error detected: Value null at '{Camel(member)}.{Camel(name)}' failed to satisfy constraint: Member must not be null");
                }
            }

            // The client secret is write-only: ELBv2 never returns it.
            return StructuredValue.FromParameters(config, new[] { "ClientSecret", "UseExistingClientSecret" });
        }

        internal static IReadOnlyList<RuleCondition>? Conditions(QueryParameters parameters)
        {
            if (!parameters.HasAny("Conditions"))
            {
                return null;
            }

            var conditions = new List<RuleCondition>();
            foreach (QueryParameters condition in parameters.Items("Conditions.member"))
            {
                string field = Required(condition, "Field");
                if (!RuleCondition.Fields.Contains(field, StringComparer.Ordinal))
                {
                    throw LoadBalancingState.Validation($"Condition field '{field}' must be one of {string.Join(", ", RuleCondition.Fields)}");
                }

                IReadOnlyList<string> plain = List(condition, "Values");
                switch (field)
                {
                    case RuleCondition.PathPattern:
                    case RuleCondition.HostHeader:
                        string config = field == RuleCondition.PathPattern ? "PathPatternConfig" : "HostHeaderConfig";
                        IReadOnlyList<string> configured = List(condition.Section(config), "Values");
                        if (plain.Count > 0 && configured.Count > 0)
                        {
                            throw LoadBalancingState.Validation($"You cannot specify both Values and {config} for a '{field}' condition");
                        }

                        conditions.Add(new RuleCondition(field, RequireValues(field, plain.Count > 0 ? plain : configured)));
                        break;
                    case RuleCondition.HttpHeader:
                        QueryParameters header = condition.Section("HttpHeaderConfig");
                        conditions.Add(new RuleCondition(field, RequireValues(field, List(header, "Values")), Required(header, "HttpHeaderName")));
                        break;
                    case RuleCondition.QueryString:
                        var pairs = condition.Section("QueryStringConfig").Items("Values.member")
                            .Select(p => new KeyValuePair<string?, string>(p["Key"], Required(p, "Value"))).ToList();
                        if (pairs.Count == 0)
                        {
                            throw LoadBalancingState.Validation("A query-string condition must have at least one key/value pair");
                        }

                        conditions.Add(new RuleCondition(field, new List<string>(), queryStrings: pairs));
                        break;
                    case RuleCondition.HttpRequestMethod:
                        conditions.Add(new RuleCondition(field, RequireValues(field, List(condition.Section("HttpRequestMethodConfig"), "Values"))));
                        break;
                    default:
                        conditions.Add(new RuleCondition(field, RequireValues(field, List(condition.Section("SourceIpConfig"), "Values"))));
                        break;
                }
            }

            return conditions;
        }

        private static IReadOnlyList<string> RequireValues(string field, IReadOnlyList<string> values) =>
            values.Count > 0 ? values : throw LoadBalancingState.Validation($"A '{field}' condition must have at least one value");

        private static string Camel(string member) =>
            member.Length == 0 ? member : char.ToLowerInvariant(member[0]) + member.Substring(1);
    }
}
