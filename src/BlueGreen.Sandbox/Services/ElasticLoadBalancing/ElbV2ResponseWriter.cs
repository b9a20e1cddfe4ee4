using System.Collections.Generic;
using System.Linq;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Model.LoadBalancing;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Services.ElasticLoadBalancing
{
    /// <summary>
    /// Writes ELBv2 shapes (service-2.json, 2015-12-01) as Query protocol XML: lists as <c>&lt;member&gt;</c> items,
    /// maps as <c>&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;</c>.
    /// </summary>
    internal sealed class ElbV2ResponseWriter
    {
        private readonly XmlDocumentWriter _xml;
        private readonly LoadBalancingState _state;

        internal ElbV2ResponseWriter(XmlDocumentWriter xml, LoadBalancingState state)
        {
            _xml = xml;
            _state = state;
        }

        internal void LoadBalancers(IEnumerable<LoadBalancer> loadBalancers, bool provisioning)
        {
            _xml.Start("LoadBalancers");
            foreach (LoadBalancer lb in loadBalancers)
            {
                _xml.Start("member");
                _xml.Element("LoadBalancerArn", lb.Arn);
                _xml.Element("DNSName", lb.DnsName);
                _xml.Element("CanonicalHostedZoneId", lb.CanonicalHostedZoneId);
                _xml.Element("CreatedTime", lb.CreatedTime);
                _xml.Element("LoadBalancerName", lb.Name);
                _xml.Element("Scheme", lb.Scheme);
                _xml.Element("VpcId", lb.VpcId);
                _xml.Start("State");
                _xml.Element("Code", provisioning ? "provisioning" : "active");
                _xml.End();
                _xml.Element("Type", lb.Type);
                _xml.Start("AvailabilityZones");
                foreach (LoadBalancerZone zone in lb.AvailabilityZones)
                {
                    _xml.Start("member");
                    _xml.Element("ZoneName", zone.ZoneName);
                    _xml.Element("SubnetId", zone.SubnetId);
                    _xml.Start("LoadBalancerAddresses");
                    _xml.End();
                    _xml.End();
                }

                _xml.End();
                if (lb.Type != "network" || lb.SecurityGroups.Count > 0)
                {
                    Strings("SecurityGroups", lb.SecurityGroups);
                }

                _xml.Element("IpAddressType", lb.IpAddressType);
                _xml.End();
            }

            _xml.End();
        }

        internal void TargetGroups(IEnumerable<TargetGroup> targetGroups)
        {
            _xml.Start("TargetGroups");
            foreach (TargetGroup tg in targetGroups)
            {
                TargetGroupHealthCheck check = tg.HealthCheck;
                _xml.Start("member");
                _xml.Element("TargetGroupArn", tg.Arn);
                _xml.Element("TargetGroupName", tg.Name);
                _xml.Element("Protocol", tg.Protocol);
                _xml.Element("Port", tg.Port);
                _xml.Element("VpcId", tg.VpcId);
                _xml.Element("HealthCheckProtocol", check.Protocol);
                _xml.Element("HealthCheckPort", tg.TargetType == "lambda" ? null : check.Port);
                _xml.Element("HealthCheckEnabled", check.Enabled);
                _xml.Element("HealthCheckIntervalSeconds", check.IntervalSeconds);
                _xml.Element("HealthCheckTimeoutSeconds", check.TimeoutSeconds);
                _xml.Element("HealthyThresholdCount", check.HealthyThresholdCount);
                _xml.Element("UnhealthyThresholdCount", check.UnhealthyThresholdCount);
                _xml.Element("HealthCheckPath", check.Path);
                if (check.MatcherHttpCode != null)
                {
                    _xml.Start("Matcher");
                    _xml.Element("HttpCode", check.MatcherHttpCode);
                    _xml.End();
                }

                Strings("LoadBalancerArns", _state.LoadBalancerArnsOf(tg));
                _xml.Element("TargetType", tg.TargetType);
                _xml.Element("ProtocolVersion", tg.ProtocolVersion);
                _xml.Element("IpAddressType", tg.TargetType == "lambda" ? null : tg.IpAddressType);
                _xml.End();
            }

            _xml.End();
        }

        internal void Listeners(IEnumerable<Listener> listeners)
        {
            _xml.Start("Listeners");
            foreach (Listener listener in listeners)
            {
                _xml.Start("member");
                _xml.Element("ListenerArn", listener.Arn);
                _xml.Element("LoadBalancerArn", listener.LoadBalancerArn);
                _xml.Element("Port", listener.Port);
                _xml.Element("Protocol", listener.Protocol);
                if (listener.Certificates.Count > 0)
                {
                    _xml.Start("Certificates");
                    foreach (ListenerCertificate certificate in listener.Certificates)
                    {
                        _xml.Start("member");
                        _xml.Element("CertificateArn", certificate.CertificateArn);
                        _xml.Element("IsDefault", certificate.IsDefault);
                        _xml.End();
                    }

                    _xml.End();
                }

                _xml.Element("SslPolicy", listener.SslPolicy);
                Actions("DefaultActions", listener.DefaultActions);
                if (listener.AlpnPolicy.Count > 0)
                {
                    Strings("AlpnPolicy", listener.AlpnPolicy);
                }

                _xml.End();
            }

            _xml.End();
        }

        internal void Rules(IEnumerable<DescribedRule> rules)
        {
            _xml.Start("Rules");
            foreach (DescribedRule rule in rules)
            {
                _xml.Start("member");
                _xml.Element("RuleArn", rule.Arn);
                _xml.Element("Priority", rule.Priority);
                _xml.Start("Conditions");
                foreach (RuleCondition condition in rule.Conditions)
                {
                    Condition(condition);
                }

                _xml.End();
                Actions("Actions", rule.Actions);
                _xml.Element("IsDefault", rule.IsDefault);
                _xml.End();
            }

            _xml.End();
        }

        internal void TargetHealth(IEnumerable<TargetHealthReport> reports)
        {
            _xml.Start("TargetHealthDescriptions");
            foreach (TargetHealthReport report in reports)
            {
                _xml.Start("member");
                _xml.Start("Target");
                _xml.Element("Id", report.TargetId);
                _xml.Element("Port", report.Port);
                _xml.Element("AvailabilityZone", report.AvailabilityZone);
                _xml.End();
                _xml.Element("HealthCheckPort", report.HealthCheckPort);
                _xml.Start("TargetHealth");
                _xml.Element("State", report.Health.State);
                _xml.Element("Reason", report.Health.Reason);
                _xml.Element("Description", report.Health.Description);
                _xml.End();
                _xml.End();
            }

            _xml.End();
        }

        internal void Attributes(IReadOnlyList<KeyValuePair<string, string>> attributes)
        {
            _xml.Start("Attributes");
            foreach (KeyValuePair<string, string> attribute in attributes)
            {
                _xml.Start("member");
                _xml.Element("Key", attribute.Key);
                _xml.Element("Value", attribute.Value);
                _xml.End();
            }

            _xml.End();
        }

        internal void TagDescriptions(IEnumerable<KeyValuePair<string, TagSet>> resources)
        {
            _xml.Start("TagDescriptions");
            foreach (KeyValuePair<string, TagSet> resource in resources)
            {
                _xml.Start("member");
                _xml.Element("ResourceArn", resource.Key);
                _xml.Start("Tags");
                foreach (KeyValuePair<string, string> tag in resource.Value.Items)
                {
                    _xml.Start("member");
                    _xml.Element("Key", tag.Key);
                    _xml.Element("Value", tag.Value);
                    _xml.End();
                }

                _xml.End();
                _xml.End();
            }

            _xml.End();
        }

        private void Actions(string element, IEnumerable<RuleAction> actions)
        {
            _xml.Start(element);
            foreach (RuleAction action in actions)
            {
                _xml.Start("member");
                _xml.Element("Type", action.Type);
                _xml.Element("TargetGroupArn", action.SingleTargetGroupArn);
                _xml.Element("Order", action.Order);
                if (action.ForwardConfig is ForwardActionConfig forward)
                {
                    _xml.Start("ForwardConfig");
                    _xml.Start("TargetGroups");
                    foreach (WeightedTargetGroup group in forward.TargetGroups)
                    {
                        _xml.Start("member");
                        _xml.Element("TargetGroupArn", group.TargetGroupArn);
                        _xml.Element("Weight", group.Weight);
                        _xml.End();
                    }

                    _xml.End();
                    _xml.Start("TargetGroupStickinessConfig");
                    _xml.Element("Enabled", forward.StickinessEnabled);
                    _xml.Element("DurationSeconds", forward.StickinessDurationSeconds);
                    _xml.End();
                    _xml.End();
                }

                if (action.RedirectConfig is RedirectActionConfig redirect)
                {
                    _xml.Start("RedirectConfig");
                    _xml.Element("Protocol", redirect.Protocol);
                    _xml.Element("Port", redirect.Port);
                    _xml.Element("Host", redirect.Host);
                    _xml.Element("Path", redirect.Path);
                    _xml.Element("Query", redirect.Query);
                    _xml.Element("StatusCode", redirect.StatusCode);
                    _xml.End();
                }

                if (action.FixedResponseConfig is FixedResponseActionConfig fixedResponse)
                {
                    _xml.Start("FixedResponseConfig");
                    _xml.Element("MessageBody", fixedResponse.MessageBody);
                    _xml.Element("StatusCode", fixedResponse.StatusCode);
                    _xml.Element("ContentType", fixedResponse.ContentType);
                    _xml.End();
                }

                if (action.AuthenticateConfig is StructuredValue authenticate)
                {
                    Structure(action.Type == RuleAction.AuthenticateOidc ? "AuthenticateOidcConfig" : "AuthenticateCognitoConfig", authenticate);
                }

                _xml.End();
            }

            _xml.End();
        }

        private void Condition(RuleCondition condition)
        {
            _xml.Start("member");
            _xml.Element("Field", condition.Field);
            switch (condition.Field)
            {
                case RuleCondition.PathPattern:
                case RuleCondition.HostHeader:
                    Strings("Values", condition.Values);
                    _xml.Start(condition.Field == RuleCondition.PathPattern ? "PathPatternConfig" : "HostHeaderConfig");
                    Strings("Values", condition.Values);
                    _xml.End();
                    break;
                case RuleCondition.HttpHeader:
                    _xml.Start("HttpHeaderConfig");
                    _xml.Element("HttpHeaderName", condition.HttpHeaderName);
                    Strings("Values", condition.Values);
                    _xml.End();
                    break;
                case RuleCondition.QueryString:
                    _xml.Start("QueryStringConfig");
                    _xml.Start("Values");
                    foreach (KeyValuePair<string?, string> pair in condition.QueryStrings)
                    {
                        _xml.Start("member");
                        _xml.Element("Key", pair.Key);
                        _xml.Element("Value", pair.Value);
                        _xml.End();
                    }

                    _xml.End();
                    _xml.End();
                    break;
                case RuleCondition.HttpRequestMethod:
                    _xml.Start("HttpRequestMethodConfig");
                    Strings("Values", condition.Values);
                    _xml.End();
                    break;
                default:
                    _xml.Start("SourceIpConfig");
                    Strings("Values", condition.Values);
                    _xml.End();
                    break;
            }

            _xml.End();
        }

        /// <summary>Writes a kept structure; numbered list items become repeated elements named after their list segment.</summary>
        private void Structure(string name, StructuredValue value)
        {
            if (value.Scalar != null)
            {
                _xml.Element(name, value.Scalar);
                return;
            }

            if (value.IsList)
            {
                foreach (KeyValuePair<string, StructuredValue> item in value.Members)
                {
                    Structure(name, item.Value);
                }

                return;
            }

            _xml.Start(name);
            foreach (KeyValuePair<string, StructuredValue> member in value.Members)
            {
                // A list member ("entry.1.key" under AuthenticationRequestExtraParams) becomes one <entry> per item.
                Structure(member.Key, member.Value);
            }

            _xml.End();
        }

        private void Strings(string element, IEnumerable<string> values)
        {
            _xml.Start(element);
            foreach (string value in values.ToList())
            {
                _xml.Element("member", value);
            }

            _xml.End();
        }
    }
}
