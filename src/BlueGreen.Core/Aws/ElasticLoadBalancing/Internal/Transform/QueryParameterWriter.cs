using System.Collections.Generic;
using System.Globalization;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Util;
using Amazon.Util;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>
    /// Writes the AWS Query protocol form of a request (Action, Version, then every member flattened to
    /// <c>Name</c>, <c>List.member.N</c>, <c>Struct.Member</c>, <c>Map.entry.N.key/value</c>, N counting from 1),
    /// as the SDK's generated Query marshallers do. Unset members are left out.
    /// </summary>
    internal sealed class QueryParameterWriter
    {
        private readonly IRequest _request;

        private QueryParameterWriter(IRequest request)
        {
            _request = request;
        }

        /// <summary>Starts the request of an operation: a POST of a form body to "/" with Action and Version.</summary>
        internal static QueryParameterWriter Start(Requests.ElasticLoadBalancingV2Request request, string operation)
        {
            IRequest wire = new DefaultRequest(request, "Amazon.ElasticLoadBalancingV2");
            wire.HttpMethod = "POST";
            wire.ResourcePath = "/";
            wire.Parameters.Add("Action", operation);
            wire.Parameters.Add("Version", ElasticLoadBalancingV2Config.ApiVersion);
            return new QueryParameterWriter(wire);
        }

        /// <summary>Ends the request: the parameters become the form-encoded body.</summary>
        internal IRequest Finish()
        {
            _request.ContentStream = AWSSDKUtils.WriteParametersToPooledStream(_request);
            return _request;
        }

        internal void Add(string name, string? value)
        {
            if (value != null)
            {
                _request.Parameters.Add(name, StringUtils.FromString(value));
            }
        }

        internal void Add(string name, int? value)
        {
            if (value.HasValue)
            {
                _request.Parameters.Add(name, StringUtils.FromInt(value.Value));
            }
        }

        internal void Add(string name, long? value)
        {
            if (value.HasValue)
            {
                _request.Parameters.Add(name, StringUtils.FromLong(value.Value));
            }
        }

        internal void Add(string name, bool? value)
        {
            if (value.HasValue)
            {
                _request.Parameters.Add(name, StringUtils.FromBool(value.Value));
            }
        }

        internal void AddStrings(string name, IEnumerable<string>? values)
        {
            ForEachMember(name, values, (prefix, value) => Add(prefix, value));
        }

        internal void AddActions(string name, IEnumerable<Action>? actions)
        {
            ForEachMember(name, actions, AddAction);
        }

        internal void AddConditions(string name, IEnumerable<RuleCondition>? conditions)
        {
            ForEachMember(name, conditions, AddCondition);
        }

        internal void AddTargets(string name, IEnumerable<TargetDescription>? targets)
        {
            ForEachMember(name, targets, (prefix, target) =>
            {
                Add(prefix + ".Id", target.Id);
                Add(prefix + ".Port", target.Port);
                Add(prefix + ".AvailabilityZone", target.AvailabilityZone);
            });
        }

        internal void AddTags(string name, IEnumerable<Tag>? tags)
        {
            ForEachMember(name, tags, (prefix, tag) =>
            {
                Add(prefix + ".Key", tag.Key);
                Add(prefix + ".Value", tag.Value);
            });
        }

        internal void AddTargetGroupAttributes(string name, IEnumerable<TargetGroupAttribute>? attributes)
        {
            ForEachMember(name, attributes, (prefix, attribute) =>
            {
                Add(prefix + ".Key", attribute.Key);
                Add(prefix + ".Value", attribute.Value);
            });
        }

        internal void AddCertificates(string name, IEnumerable<Certificate>? certificates)
        {
            ForEachMember(name, certificates, (prefix, certificate) =>
            {
                Add(prefix + ".CertificateArn", certificate.CertificateArn);
                Add(prefix + ".IsDefault", certificate.IsDefault);
            });
        }

        internal void AddMatcher(string name, Matcher? matcher)
        {
            if (matcher == null)
            {
                return;
            }

            Add(name + ".HttpCode", matcher.HttpCode);
            Add(name + ".GrpcCode", matcher.GrpcCode);
        }

        private void AddAction(string prefix, Action action)
        {
            Add(prefix + ".Type", action.Type);
            Add(prefix + ".Order", action.Order);
            Add(prefix + ".TargetGroupArn", action.TargetGroupArn);

            if (action.ForwardConfig is ForwardActionConfig forward)
            {
                ForEachMember(prefix + ".ForwardConfig.TargetGroups", forward.TargetGroups, (member, group) =>
                {
                    Add(member + ".TargetGroupArn", group.TargetGroupArn);
                    Add(member + ".Weight", group.Weight);
                });
                if (forward.TargetGroupStickinessConfig is TargetGroupStickinessConfig stickiness)
                {
                    Add(prefix + ".ForwardConfig.TargetGroupStickinessConfig.Enabled", stickiness.Enabled);
                    Add(prefix + ".ForwardConfig.TargetGroupStickinessConfig.DurationSeconds", stickiness.DurationSeconds);
                }
            }

            if (action.RedirectConfig is RedirectActionConfig redirect)
            {
                Add(prefix + ".RedirectConfig.Protocol", redirect.Protocol);
                Add(prefix + ".RedirectConfig.Port", redirect.Port);
                Add(prefix + ".RedirectConfig.Host", redirect.Host);
                Add(prefix + ".RedirectConfig.Path", redirect.Path);
                Add(prefix + ".RedirectConfig.Query", redirect.Query);
                Add(prefix + ".RedirectConfig.StatusCode", redirect.StatusCode);
            }

            if (action.FixedResponseConfig is FixedResponseActionConfig fixedResponse)
            {
                Add(prefix + ".FixedResponseConfig.MessageBody", fixedResponse.MessageBody);
                Add(prefix + ".FixedResponseConfig.StatusCode", fixedResponse.StatusCode);
                Add(prefix + ".FixedResponseConfig.ContentType", fixedResponse.ContentType);
            }

            if (action.AuthenticateOidcConfig is AuthenticateOidcActionConfig oidc)
            {
                string oidcPrefix = prefix + ".AuthenticateOidcConfig";
                Add(oidcPrefix + ".Issuer", oidc.Issuer);
                Add(oidcPrefix + ".AuthorizationEndpoint", oidc.AuthorizationEndpoint);
                Add(oidcPrefix + ".TokenEndpoint", oidc.TokenEndpoint);
                Add(oidcPrefix + ".UserInfoEndpoint", oidc.UserInfoEndpoint);
                Add(oidcPrefix + ".ClientId", oidc.ClientId);
                Add(oidcPrefix + ".ClientSecret", oidc.ClientSecret);
                Add(oidcPrefix + ".SessionCookieName", oidc.SessionCookieName);
                Add(oidcPrefix + ".Scope", oidc.Scope);
                Add(oidcPrefix + ".SessionTimeout", oidc.SessionTimeout);
                AddMap(oidcPrefix + ".AuthenticationRequestExtraParams", oidc.AuthenticationRequestExtraParams);
                Add(oidcPrefix + ".OnUnauthenticatedRequest", oidc.OnUnauthenticatedRequest);

                // Describe calls never return the client secret: an action read back and sent unchanged must keep the
                // secret ELB already has, or ModifyListener/ModifyRule fail (or would clear it).
                bool? useExistingSecret = oidc.UseExistingClientSecret ?? (string.IsNullOrEmpty(oidc.ClientSecret) ? true : (bool?)null);
                Add(oidcPrefix + ".UseExistingClientSecret", useExistingSecret);
            }

            if (action.AuthenticateCognitoConfig is AuthenticateCognitoActionConfig cognito)
            {
                string cognitoPrefix = prefix + ".AuthenticateCognitoConfig";
                Add(cognitoPrefix + ".UserPoolArn", cognito.UserPoolArn);
                Add(cognitoPrefix + ".UserPoolClientId", cognito.UserPoolClientId);
                Add(cognitoPrefix + ".UserPoolDomain", cognito.UserPoolDomain);
                Add(cognitoPrefix + ".SessionCookieName", cognito.SessionCookieName);
                Add(cognitoPrefix + ".Scope", cognito.Scope);
                Add(cognitoPrefix + ".SessionTimeout", cognito.SessionTimeout);
                AddMap(cognitoPrefix + ".AuthenticationRequestExtraParams", cognito.AuthenticationRequestExtraParams);
                Add(cognitoPrefix + ".OnUnauthenticatedRequest", cognito.OnUnauthenticatedRequest);
            }
        }

        private void AddCondition(string prefix, RuleCondition condition)
        {
            Add(prefix + ".Field", condition.Field);
            AddStrings(prefix + ".Values", condition.Values);
            if (condition.HostHeaderConfig != null)
            {
                AddStrings(prefix + ".HostHeaderConfig.Values", condition.HostHeaderConfig.Values);
            }

            if (condition.PathPatternConfig != null)
            {
                AddStrings(prefix + ".PathPatternConfig.Values", condition.PathPatternConfig.Values);
            }

            if (condition.HttpHeaderConfig != null)
            {
                Add(prefix + ".HttpHeaderConfig.HttpHeaderName", condition.HttpHeaderConfig.HttpHeaderName);
                AddStrings(prefix + ".HttpHeaderConfig.Values", condition.HttpHeaderConfig.Values);
            }

            if (condition.QueryStringConfig != null)
            {
                ForEachMember(prefix + ".QueryStringConfig.Values", condition.QueryStringConfig.Values, (member, pair) =>
                {
                    Add(member + ".Key", pair.Key);
                    Add(member + ".Value", pair.Value);
                });
            }

            if (condition.HttpRequestMethodConfig != null)
            {
                AddStrings(prefix + ".HttpRequestMethodConfig.Values", condition.HttpRequestMethodConfig.Values);
            }

            if (condition.SourceIpConfig != null)
            {
                AddStrings(prefix + ".SourceIpConfig.Values", condition.SourceIpConfig.Values);
            }
        }

        private void AddMap(string name, IDictionary<string, string>? map)
        {
            if (map == null)
            {
                return;
            }

            int index = 1;
            foreach (KeyValuePair<string, string> entry in map)
            {
                string prefix = name + ".entry." + index.ToString(CultureInfo.InvariantCulture);
                Add(prefix + ".key", entry.Key);
                Add(prefix + ".value", entry.Value);
                index++;
            }
        }

        private static void ForEachMember<T>(string name, IEnumerable<T>? members, System.Action<string, T> write)
        {
            if (members == null)
            {
                return;
            }

            int index = 1;
            foreach (T member in members)
            {
                write(name + ".member." + index.ToString(CultureInfo.InvariantCulture), member);
                index++;
            }
        }
    }
}
