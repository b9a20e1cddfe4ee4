using System.Text;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Services.Ec2
{
    /// <summary>
    /// The EC2 actions a client uses to reach an instance: key pairs (ImportKeyPair, CreateKeyPair, DescribeKeyPairs,
    /// DeleteKeyPair) and GetConsoleOutput, where cloud-init prints the instance's ssh host keys.
    /// </summary>
    internal static class Ec2HostActions
    {
        internal static void ImportKeyPair(QueryParameters p, SandboxWorld world, Ec2ResponseWriter writer, XmlDocumentWriter xml)
        {
            string material = p["PublicKeyMaterial"] ?? throw Ec2ServiceHandler.Missing("PublicKeyMaterial");
            string text;
            try
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(material));
            }
            catch (FormatException)
            {
                throw new AwsErrorException("InvalidParameterValue", "Value for parameter PublicKeyMaterial is invalid: it must be base64.");
            }

            KeyPair keyPair = world.KeyPairs.Import(p["KeyName"], text, KeyPairTags(p));
            xml.Element("keyName", keyPair.KeyName);
            xml.Element("keyFingerprint", keyPair.Fingerprint);
            xml.Element("keyPairId", keyPair.KeyPairId);
            TagSet(xml, keyPair.Tags);
        }

        internal static void CreateKeyPair(QueryParameters p, SandboxWorld world, Ec2ResponseWriter writer, XmlDocumentWriter xml)
        {
            KeyValuePair<KeyPair, string> created = world.KeyPairs.Create(p["KeyName"], p["KeyType"], p["KeyFormat"], KeyPairTags(p));
            xml.Element("keyName", created.Key.KeyName);
            xml.Element("keyFingerprint", created.Key.Fingerprint);
            xml.Element("keyMaterial", created.Value);
            xml.Element("keyPairId", created.Key.KeyPairId);
            TagSet(xml, created.Key.Tags);
        }

        internal static void DescribeKeyPairs(QueryParameters p, SandboxWorld world, Ec2ResponseWriter writer, XmlDocumentWriter xml)
        {
            bool includePublicKey = Ec2ServiceHandler.Bool(p, "IncludePublicKey") ?? false;
            xml.Start("keySet");
            foreach (KeyPair keyPair in world.KeyPairs.Describe(p.Values("KeyName"), p.Values("KeyPairId"), p))
            {
                xml.Start("item");
                xml.Element("keyPairId", keyPair.KeyPairId);
                xml.Element("keyType", keyPair.KeyType);
                TagSet(xml, keyPair.Tags);
                xml.Element("keyName", keyPair.KeyName);
                xml.Element("keyFingerprint", keyPair.Fingerprint);
                if (includePublicKey)
                {
                    xml.Element("publicKey", keyPair.PublicKey);
                }

                xml.Element("createTime", keyPair.CreateTime);
                xml.End();
            }

            xml.End();
        }

        internal static void DeleteKeyPair(QueryParameters p, SandboxWorld world, Ec2ResponseWriter writer, XmlDocumentWriter xml)
        {
            string? id = world.KeyPairs.Delete(p["KeyName"], p["KeyPairId"]);
            xml.Element("return", true);
            xml.Element("keyPairId", id);
        }

        /// <summary>The console output, base64, as EC2 returns it; no output element while the instance has not booted.</summary>
        internal static void GetConsoleOutput(QueryParameters p, SandboxWorld world, Ec2ResponseWriter writer, XmlDocumentWriter xml)
        {
            string id = p["InstanceId"] ?? throw Ec2ServiceHandler.Missing("InstanceId");
            Ec2Instance instance = world.Compute.Get(new[] { id })[0];
            string output = instance.Host?.ConsoleOutput ?? string.Empty;
            xml.Element("instanceId", instance.InstanceId);
            xml.Element("timestamp", instance.Host?.ConsoleTimestamp ?? world.Now);
            if (output.Length > 0)
            {
                xml.Element("output", Convert.ToBase64String(Encoding.UTF8.GetBytes(output)));
            }
        }

        private static IReadOnlyList<KeyValuePair<string, string>> KeyPairTags(QueryParameters p)
        {
            var tags = new List<KeyValuePair<string, string>>();
            foreach (QueryParameters specification in p.Items("TagSpecification"))
            {
                string? resourceType = specification["ResourceType"];
                if (resourceType != "key-pair")
                {
                    throw new AwsErrorException("InvalidParameterValue", $"'{resourceType}' is not a valid taggable resource type for this operation.");
                }

                tags.AddRange(Ec2ServiceHandler.Tags(specification));
            }

            return tags;
        }

        private static void TagSet(XmlDocumentWriter xml, TagSet tags)
        {
            if (tags.Count == 0)
            {
                return;
            }

            xml.Start("tagSet");
            foreach (KeyValuePair<string, string> tag in tags.Items)
            {
                xml.Start("item");
                xml.Element("key", tag.Key);
                xml.Element("value", tag.Value);
                xml.End();
            }

            xml.End();
        }
    }
}
