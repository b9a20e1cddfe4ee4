using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Model.LoadBalancing;
using BlueGreen.Sandbox.Model.Parameters;

namespace BlueGreen.Sandbox.Model
{
    /// <summary>
    /// Writes the complete state of a world as JSON. Deterministic: the same state always gives the same bytes
    /// (resources in creation order, members in a fixed order, stored facts only, no clock reading), so a test can
    /// compare the state before and after an operation byte for byte.
    /// </summary>
    internal static class StateSnapshotWriter
    {
        internal static string Write(SandboxWorld world)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                lock (world.Gate)
                {
                    WriteWorld(json, world);
                }
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static void WriteWorld(Utf8JsonWriter json, SandboxWorld world)
        {
            SandboxNetwork network = world.Network;
            json.WriteStartObject();
            json.WriteString("region", network.Region);
            json.WriteString("accountId", network.AccountId);
            json.WriteString("vpcId", network.VpcId);
            json.WriteString("securityGroupId", network.DefaultSecurityGroupId);
            json.WriteStartArray("subnets");
            foreach (KeyValuePair<string, string> subnet in network.Subnets)
            {
                json.WriteStartObject();
                json.WriteString("subnetId", subnet.Key);
                json.WriteString("availabilityZone", subnet.Value);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            LoadBalancingState elb = world.LoadBalancing;
            json.WriteStartArray("loadBalancers");
            foreach (LoadBalancer lb in elb.LoadBalancers)
            {
                json.WriteStartObject();
                json.WriteString("arn", lb.Arn);
                json.WriteString("name", lb.Name);
                json.WriteString("type", lb.Type);
                json.WriteString("scheme", lb.Scheme);
                json.WriteString("ipAddressType", lb.IpAddressType);
                json.WriteString("vpcId", lb.VpcId);
                json.WriteString("dnsName", lb.DnsName);
                json.WriteString("createdTime", Time(lb.CreatedTime));
                json.WriteStartArray("availabilityZones");
                foreach (LoadBalancerZone zone in lb.AvailabilityZones)
                {
                    json.WriteStartObject();
                    json.WriteString("zoneName", zone.ZoneName);
                    json.WriteString("subnetId", zone.SubnetId);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                Strings(json, "securityGroups", lb.SecurityGroups);
                Tags(json, lb.Tags);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("targetGroups");
            foreach (TargetGroup tg in elb.TargetGroups)
            {
                TargetGroupHealthCheck check = tg.HealthCheck;
                json.WriteStartObject();
                json.WriteString("arn", tg.Arn);
                json.WriteString("name", tg.Name);
                json.WriteString("targetType", tg.TargetType);
                OptionalString(json, "protocol", tg.Protocol);
                OptionalString(json, "protocolVersion", tg.ProtocolVersion);
                if (tg.Port is int port)
                {
                    json.WriteNumber("port", port);
                }

                OptionalString(json, "vpcId", tg.VpcId);
                json.WriteString("ipAddressType", tg.IpAddressType);
                json.WriteStartObject("healthCheck");
                json.WriteBoolean("enabled", check.Enabled);
                OptionalString(json, "protocol", check.Protocol);
                json.WriteString("port", check.Port);
                OptionalString(json, "path", check.Path);
                json.WriteNumber("intervalSeconds", check.IntervalSeconds);
                json.WriteNumber("timeoutSeconds", check.TimeoutSeconds);
                json.WriteNumber("healthyThresholdCount", check.HealthyThresholdCount);
                json.WriteNumber("unhealthyThresholdCount", check.UnhealthyThresholdCount);
                OptionalString(json, "matcherHttpCode", check.MatcherHttpCode);
                json.WriteEndObject();
                Tags(json, tg.Tags);
                json.WriteStartArray("targets");
                foreach (RegisteredTarget target in tg.Targets)
                {
                    json.WriteStartObject();
                    json.WriteString("id", target.Id);
                    json.WriteNumber("port", target.Port);
                    OptionalString(json, "availabilityZone", target.AvailabilityZone);
                    json.WriteString("registeredAt", Time(target.RegisteredAt));
                    OptionalString(json, "deregisteredAt", target.DeregisteredAt == null ? null : Time(target.DeregisteredAt.Value));
                    if (target.HealthOverride is TargetHealth health)
                    {
                        json.WriteStartObject("healthOverride");
                        json.WriteString("state", health.State);
                        OptionalString(json, "reason", health.Reason);
                        OptionalString(json, "description", health.Description);
                        json.WriteEndObject();
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("listeners");
            foreach (Listener listener in elb.Listeners)
            {
                json.WriteStartObject();
                json.WriteString("arn", listener.Arn);
                json.WriteString("loadBalancerArn", listener.LoadBalancerArn);
                json.WriteNumber("port", listener.Port);
                json.WriteString("protocol", listener.Protocol);
                OptionalString(json, "sslPolicy", listener.SslPolicy);
                json.WriteStartArray("certificates");
                foreach (ListenerCertificate certificate in listener.Certificates)
                {
                    json.WriteStringValue(certificate.CertificateArn);
                }

                json.WriteEndArray();
                Strings(json, "alpnPolicy", listener.AlpnPolicy);
                json.WriteString("defaultRuleArn", listener.DefaultRuleArn);
                Actions(json, "defaultActions", listener.DefaultActions);
                Tags(json, listener.Tags);
                json.WriteStartArray("rules");
                foreach (ListenerRule rule in listener.Rules)
                {
                    json.WriteStartObject();
                    json.WriteString("arn", rule.Arn);
                    json.WriteNumber("priority", rule.Priority);
                    json.WriteStartArray("conditions");
                    foreach (RuleCondition condition in rule.Conditions)
                    {
                        json.WriteStartObject();
                        json.WriteString("field", condition.Field);
                        OptionalString(json, "httpHeaderName", condition.HttpHeaderName);
                        Strings(json, "values", condition.Values);
                        if (condition.QueryStrings.Count > 0)
                        {
                            json.WriteStartArray("queryStrings");
                            foreach (KeyValuePair<string?, string> pair in condition.QueryStrings)
                            {
                                json.WriteStartObject();
                                OptionalString(json, "key", pair.Key);
                                json.WriteString("value", pair.Value);
                                json.WriteEndObject();
                            }

                            json.WriteEndArray();
                        }

                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    Actions(json, "actions", rule.Actions);
                    Tags(json, rule.Tags);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("instances");
            foreach (Ec2Instance instance in world.Compute.Instances)
            {
                json.WriteStartObject();
                json.WriteString("instanceId", instance.InstanceId);
                json.WriteString("reservationId", instance.ReservationId);
                json.WriteString("imageId", instance.ImageId);
                json.WriteString("instanceType", instance.InstanceType);
                OptionalString(json, "keyName", instance.KeyName);
                json.WriteString("subnetId", instance.SubnetId);
                json.WriteString("availabilityZone", instance.AvailabilityZone);
                json.WriteString("privateIpAddress", instance.PrivateIpAddress);
                OptionalString(json, "publicIpAddress", instance.PublicIpAddress);
                Strings(json, "securityGroupIds", instance.SecurityGroupIds);
                OptionalString(json, "clientToken", instance.ClientToken);
                json.WriteString("launchTime", Time(instance.LaunchTime));
                OptionalString(json, "terminatedAt", instance.TerminatedAt == null ? null : Time(instance.TerminatedAt.Value));
                Tags(json, instance.Tags);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (world.KeyPairs.KeyPairs.Count > 0)
            {
                // Only when there are any, so that snapshots of worlds without key pairs read as they always have.
                json.WriteStartArray("keyPairs");
                foreach (KeyPair keyPair in world.KeyPairs.KeyPairs)
                {
                    json.WriteStartObject();
                    json.WriteString("keyName", keyPair.KeyName);
                    json.WriteString("keyPairId", keyPair.KeyPairId);
                    json.WriteString("keyType", keyPair.KeyType);
                    json.WriteString("keyFingerprint", keyPair.Fingerprint);
                    json.WriteString("publicKey", keyPair.PublicKey);
                    json.WriteString("createTime", Time(keyPair.CreateTime));
                    Tags(json, keyPair.Tags);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteStartObject("clientTokens");
            foreach (KeyValuePair<string, string> token in world.Compute.ClientTokenReservations)
            {
                json.WriteString(token.Key, token.Value);
            }

            json.WriteEndObject();
            Parameters(json, world.Parameters);
            json.WriteEndObject();
        }

        /// <summary>SSM parameters by name with every kept version; a SecureString's value as its opaque ciphertext.</summary>
        private static void Parameters(Utf8JsonWriter json, ParameterStoreState store)
        {
            json.WriteStartArray("parameters");
            foreach (StoredParameter parameter in store.Parameters)
            {
                json.WriteStartObject();
                json.WriteString("name", parameter.Name);
                json.WriteString("arn", parameter.Arn);
                Tags(json, parameter.Tags);
                json.WriteStartArray("versions");
                foreach (ParameterVersion version in parameter.Versions)
                {
                    json.WriteStartObject();
                    json.WriteNumber("version", version.Version);
                    json.WriteString("type", version.Type);
                    json.WriteString("value", version.Type == ParameterStoreState.SecureString ? version.EncryptedValue : version.Value);
                    json.WriteString("tier", version.Tier);
                    json.WriteString("dataType", version.DataType);
                    OptionalString(json, "keyId", version.KeyId);
                    OptionalString(json, "description", version.Description);
                    OptionalString(json, "allowedPattern", version.AllowedPattern);
                    json.WriteString("lastModifiedDate", Time(version.LastModifiedDate));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        private static void Actions(Utf8JsonWriter json, string name, IEnumerable<RuleAction> actions)
        {
            json.WriteStartArray(name);
            foreach (RuleAction action in actions)
            {
                json.WriteStartObject();
                json.WriteString("type", action.Type);
                if (action.Order is int order)
                {
                    json.WriteNumber("order", order);
                }

                if (action.ForwardConfig is ForwardActionConfig forward)
                {
                    json.WriteStartArray("targetGroups");
                    foreach (WeightedTargetGroup group in forward.TargetGroups)
                    {
                        json.WriteStartObject();
                        json.WriteString("targetGroupArn", group.TargetGroupArn);
                        json.WriteNumber("weight", group.Weight);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteBoolean("stickinessEnabled", forward.StickinessEnabled);
                    if (forward.StickinessDurationSeconds is int duration)
                    {
                        json.WriteNumber("stickinessDurationSeconds", duration);
                    }
                }

                if (action.RedirectConfig is RedirectActionConfig redirect)
                {
                    json.WriteStartObject("redirect");
                    json.WriteString("protocol", redirect.Protocol);
                    json.WriteString("port", redirect.Port);
                    json.WriteString("host", redirect.Host);
                    json.WriteString("path", redirect.Path);
                    json.WriteString("query", redirect.Query);
                    json.WriteString("statusCode", redirect.StatusCode);
                    json.WriteEndObject();
                }

                if (action.FixedResponseConfig is FixedResponseActionConfig fixedResponse)
                {
                    json.WriteStartObject("fixedResponse");
                    json.WriteString("statusCode", fixedResponse.StatusCode);
                    OptionalString(json, "contentType", fixedResponse.ContentType);
                    OptionalString(json, "messageBody", fixedResponse.MessageBody);
                    json.WriteEndObject();
                }

                if (action.AuthenticateConfig is JsonObject authenticate)
                {
                    json.WritePropertyName("authenticate");
                    authenticate.WriteTo(json);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        private static void Tags(Utf8JsonWriter json, TagSet tags)
        {
            json.WriteStartArray("tags");
            foreach (KeyValuePair<string, string> tag in tags.Items)
            {
                json.WriteStartObject();
                json.WriteString("key", tag.Key);
                json.WriteString("value", tag.Value);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
        {
            json.WriteStartArray(name);
            foreach (string value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        private static void OptionalString(Utf8JsonWriter json, string name, string? value)
        {
            if (value != null)
            {
                json.WriteString(name, value);
            }
        }

        private static string Time(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
