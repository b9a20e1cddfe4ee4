using System.Globalization;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>
    /// The listeners of the sandbox's load balancers and their rules (the default rule being the listener's default
    /// actions): ELBv2's create, modify, describe and delete, with its checks of ports, protocols, certificates,
    /// priorities and the rule limit.
    /// </summary>
    internal sealed class ListenerRouting
    {
        private readonly LoadBalancingState _state;
        private readonly RuleValidation _validation;

        internal ListenerRouting(LoadBalancingState state)
        {
            _state = state;
            _validation = new RuleValidation(state);
        }

        // ---- Listeners ------------------------------------------------------------------------------------------

        internal Listener CreateListener(string loadBalancerArn, ListenerDefinition definition)
        {
            LoadBalancer loadBalancer = _state.GetLoadBalancer(loadBalancerArn);
            if (definition.Port == null)
            {
                throw ElbV2Validation.Error("A listener port must be specified");
            }

            if (definition.Protocol == null)
            {
                throw ElbV2Validation.Error("A listener protocol must be specified");
            }

            Listener? existing = _state.Listeners.FirstOrDefault(l => l.LoadBalancerArn == loadBalancerArn && l.Port == definition.Port);
            if (existing != null)
            {
                if (_state.CreationFingerprints.TryGetValue(existing.Arn, out string? fingerprint) && fingerprint == definition.Fingerprint)
                {
                    return existing;
                }

                throw new AwsErrorException("DuplicateListener", "A listener already exists on this port for this load balancer");
            }

            string listenerId = _state.World.Ids.Hex(16);
            var listener = new Listener($"{_state.ArnPrefix}listener/{loadBalancer.ResourcePath}/{listenerId}", loadBalancerArn,
                $"{_state.ArnPrefix}listener-rule/{loadBalancer.ResourcePath}/{listenerId}/{_state.World.Ids.Hex(16)}");
            ResourceTags.Check(definition.Tags, new TagSet());
            Apply(listener, loadBalancer, definition, creating: true);
            listener.Tags.SetAll(definition.Tags);
            _state.Listeners.Add(listener);
            _state.CreationFingerprints[listener.Arn] = definition.Fingerprint;
            return listener;
        }

        internal Listener ModifyListener(string listenerArn, ListenerDefinition change)
        {
            Listener listener = _state.GetListener(listenerArn);
            LoadBalancer loadBalancer = _state.GetLoadBalancer(listener.LoadBalancerArn);
            if (change.Port != null && change.Port != listener.Port
                && _state.Listeners.Any(l => l.LoadBalancerArn == listener.LoadBalancerArn && l.Port == change.Port))
            {
                throw new AwsErrorException("DuplicateListener", "A listener already exists on this port for this load balancer");
            }

            Apply(listener, loadBalancer, change, creating: false);
            _state.CreationFingerprints.Remove(listener.Arn);
            return listener;
        }

        internal IReadOnlyList<Listener> DescribeListeners(string? loadBalancerArn, IReadOnlyList<string> listenerArns)
        {
            if (loadBalancerArn == null && listenerArns.Count == 0)
            {
                throw ElbV2Validation.Error("You must specify either listener ARNs or a load balancer ARN");
            }

            if (loadBalancerArn != null && listenerArns.Count > 0)
            {
                throw ElbV2Validation.Error("Listener ARNs and a load balancer ARN cannot be specified at the same time");
            }

            if (loadBalancerArn != null)
            {
                _state.GetLoadBalancer(loadBalancerArn);
                return _state.Listeners.Where(l => l.LoadBalancerArn == loadBalancerArn).OrderBy(l => l.Port).ToList();
            }

            return listenerArns.Distinct(StringComparer.Ordinal).Select(_state.GetListener).ToList();
        }


        internal void DeleteListener(string arn)
        {
            Listener listener = _state.GetListener(arn);
            _state.Listeners.Remove(listener);
            _state.CreationFingerprints.Remove(arn);
        }

        // ---- Rules ----------------------------------------------------------------------------------------------

        internal ListenerRule CreateRule(string listenerArn, int priority, IReadOnlyList<RuleCondition> conditions, IReadOnlyList<RuleAction> actions,
            IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            Listener listener = _state.GetListener(listenerArn);
            LoadBalancer loadBalancer = _state.GetLoadBalancer(listener.LoadBalancerArn);
            if (priority < 1 || priority > 50000)
            {
                throw ElbV2Validation.Error($"Priority '{priority}' must be between 1 and 50000");
            }

            if (listener.Rules.Any(r => r.Priority == priority))
            {
                throw new AwsErrorException("PriorityInUse", $"Priority '{priority}' is currently in use");
            }

            RuleValidation.Conditions(conditions);
            _validation.Actions(actions, loadBalancer, listener.Protocol);
            ResourceTags.Check(tags, new TagSet());
            if (listener.Rules.Count >= 100)
            {
                throw new AwsErrorException("TooManyRules", "The maximum number of rules for this listener has been reached");
            }

            var rule = new ListenerRule($"{_state.ArnPrefix}listener-rule/{loadBalancer.ResourcePath}/{LastSegment(listener.Arn)}/{_state.World.Ids.Hex(16)}", listenerArn, priority)
            {
                Conditions = conditions,
                Actions = RuleValidation.Ordered(actions),
            };
            rule.Tags.SetAll(tags);
            listener.Rules.Add(rule);
            return rule;
        }

        /// <summary>Changes a rule's conditions and/or actions. The default rule's actions are its listener's default actions.</summary>
        internal DescribedRule ModifyRule(string ruleArn, IReadOnlyList<RuleCondition>? conditions, IReadOnlyList<RuleAction>? actions)
        {
            Listener? owner = _state.Listeners.FirstOrDefault(l => l.DefaultRuleArn == ruleArn);
            if (owner != null)
            {
                if (conditions != null && conditions.Count > 0)
                {
                    throw new AwsErrorException("OperationNotPermitted", "Conditions cannot be specified for the default rule");
                }

                if (actions != null)
                {
                    _validation.Actions(actions, _state.GetLoadBalancer(owner.LoadBalancerArn), owner.Protocol);
                    owner.DefaultActions = RuleValidation.Ordered(actions);
                    _state.CreationFingerprints.Remove(owner.Arn);
                }

                return Describe(owner, null);
            }

            ListenerRule rule = _state.FindRule(ruleArn);
            Listener listener = _state.GetListener(rule.ListenerArn);
            if (conditions != null)
            {
                RuleValidation.Conditions(conditions);
            }

            if (actions != null)
            {
                _validation.Actions(actions, _state.GetLoadBalancer(listener.LoadBalancerArn), listener.Protocol);
            }

            if (conditions != null)
            {
                rule.Conditions = conditions;
            }

            if (actions != null)
            {
                rule.Actions = RuleValidation.Ordered(actions);
            }

            return Describe(listener, rule);
        }

        internal IReadOnlyList<DescribedRule> DescribeRules(string? listenerArn, IReadOnlyList<string> ruleArns)
        {
            if (listenerArn == null && ruleArns.Count == 0)
            {
                throw ElbV2Validation.Error("You must specify either listener ARN or rule ARNs");
            }

            if (listenerArn != null && ruleArns.Count > 0)
            {
                throw ElbV2Validation.Error("Listener ARN and rule ARNs cannot be specified at the same time");
            }

            if (listenerArn != null)
            {
                Listener listener = _state.GetListener(listenerArn);
                return listener.Rules.OrderBy(r => r.Priority).Select(r => Describe(listener, r))
                    .Concat(new[] { Describe(listener, null) })
                    .ToList();
            }

            var rules = new List<DescribedRule>();
            foreach (string arn in ruleArns.Distinct(StringComparer.Ordinal))
            {
                Listener? owner = _state.Listeners.FirstOrDefault(l => l.DefaultRuleArn == arn);
                if (owner != null)
                {
                    rules.Add(Describe(owner, null));
                    continue;
                }

                ListenerRule rule = _state.FindRule(arn);
                rules.Add(Describe(_state.GetListener(rule.ListenerArn), rule));
            }

            return rules;
        }

        internal void DeleteRule(string ruleArn)
        {
            if (_state.Listeners.Any(l => l.DefaultRuleArn == ruleArn))
            {
                throw new AwsErrorException("OperationNotPermitted", "Default rule cannot be deleted");
            }

            ListenerRule rule = _state.FindRule(ruleArn);
            _state.GetListener(rule.ListenerArn).Rules.Remove(rule);
        }


        private static DescribedRule Describe(Listener listener, ListenerRule? rule) =>
            rule == null
                ? new DescribedRule(listener.DefaultRuleArn, "default", new List<RuleCondition>(), listener.DefaultActions, isDefault: true)
                : new DescribedRule(rule.Arn, rule.Priority.ToString(CultureInfo.InvariantCulture), rule.Conditions, rule.Actions, isDefault: false);

        // ---- Listener settings ------------------------------------------------------------------------------------

        private void Apply(Listener listener, LoadBalancer loadBalancer, ListenerDefinition definition, bool creating)
        {
            int port = definition.Port ?? listener.Port;
            string protocol = definition.Protocol ?? listener.Protocol;
            if (loadBalancer.Type == "application" && !RuleValidation.ApplicationProtocols.Contains(protocol))
            {
                throw new AwsErrorException("UnsupportedProtocol", $"Protocol '{protocol}' is not supported for Application Load Balancers");
            }

            IReadOnlyList<ListenerCertificate> certificates = definition.Certificates ?? listener.Certificates;
            bool secure = protocol == "HTTPS" || protocol == "TLS";
            if (secure && certificates.Count == 0)
            {
                throw new AwsErrorException("CertificateNotFound", "A certificate must be specified for HTTPS listeners");
            }

            foreach (ListenerCertificate certificate in certificates)
            {
                if (!certificate.CertificateArn.StartsWith("arn:aws:acm:", StringComparison.Ordinal) && !certificate.CertificateArn.StartsWith("arn:aws:iam:", StringComparison.Ordinal))
                {
                    throw new AwsErrorException("CertificateNotFound", $"Certificate '{certificate.CertificateArn}' not found");
                }
            }

            if (creating && definition.DefaultActions == null)
            {
                throw ElbV2Validation.Error("Default actions must be specified");
            }

            if (definition.DefaultActions != null)
            {
                _validation.Actions(definition.DefaultActions, loadBalancer, protocol);
            }

            listener.Port = port;
            listener.Protocol = protocol;
            listener.Certificates = secure ? certificates : new List<ListenerCertificate>();
            listener.SslPolicy = secure ? definition.SslPolicy ?? listener.SslPolicy ?? "ELBSecurityPolicy-2016-08" : null;
            listener.AlpnPolicy = definition.AlpnPolicy ?? listener.AlpnPolicy;
            if (definition.DefaultActions != null)
            {
                listener.DefaultActions = RuleValidation.Ordered(definition.DefaultActions);
            }
        }

        private static string LastSegment(string arn) => arn.Substring(arn.LastIndexOf('/') + 1);
    }
}
