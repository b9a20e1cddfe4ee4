using System.Text.RegularExpressions;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>
    /// The EC2 key pairs of the sandbox (ImportKeyPair, CreateKeyPair, DescribeKeyPairs, DeleteKeyPair) with EC2's
    /// validation and error codes. Callers hold <see cref="SandboxWorld.Gate"/>.
    /// </summary>
    internal sealed class KeyPairState(SandboxWorld world)
    {
        private static readonly string[] FilterNames = { "key-pair-id", "key-name", "fingerprint", "key-type", "tag-key" };
        private static readonly Regex KeyPairIdPattern = new Regex("^key-[0-9a-f]{17}$");
        private readonly SandboxWorld _world = world;
        private readonly List<KeyPair> _keyPairs = new List<KeyPair>();

        /// <summary>Every key pair, oldest first.</summary>
        internal IReadOnlyList<KeyPair> KeyPairs => _keyPairs;

        internal KeyPair Import(string? keyName, string publicKeyMaterial, IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            string name = CheckNewName(keyName);
            SshPublicKey key = SshPublicKey.ParseImported(publicKeyMaterial);
            return Add(name, key, key.ImportedFingerprint(), tags);
        }

        /// <summary>Makes a key pair and returns it with its private key (EC2 returns that once and keeps only the public key).</summary>
        internal KeyValuePair<KeyPair, string> Create(string? keyName, string? keyType, string? keyFormat, IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            string name = CheckNewName(keyName);
            string type = keyType ?? "rsa";
            if (type != "rsa" && type != "ed25519")
            {
                throw new AwsErrorException("InvalidParameterValue", $"Value ({type}) for parameter keyType is invalid. Valid values: rsa, ed25519.");
            }

            string format = keyFormat ?? "pem";
            if (format == "ppk")
            {
                throw new AwsErrorException("InvalidParameterValue", "The sandbox does not make PuTTY (ppk) keys: create the key pair with KeyFormat pem.");
            }

            if (format != "pem")
            {
                throw new AwsErrorException("InvalidParameterValue", $"Value ({format}) for parameter keyFormat is invalid. Valid values: pem, ppk.");
            }

            CreatedKeyMaterial material = CreatedKeyMaterial.Generate(type);
            return new KeyValuePair<KeyPair, string>(Add(name, material.PublicKey, material.Fingerprint, tags), material.PrivateKey);
        }

        /// <summary>The key pair of this name; InvalidKeyPair.NotFound as EC2 says.</summary>
        internal KeyPair Get(string keyName) =>
            _keyPairs.FirstOrDefault(k => k.KeyName == keyName)
            ?? throw new AwsErrorException("InvalidKeyPair.NotFound", $"The key pair '{keyName}' does not exist");

        /// <summary>DescribeKeyPairs: by KeyName.N and KeyPairId.N (each must exist) and Filter.N.</summary>
        internal IReadOnlyList<KeyPair> Describe(IReadOnlyList<string> names, IReadOnlyList<string> ids, QueryParameters parameters)
        {
            IReadOnlyList<InstanceFilter> filters = InstanceFilter.Parse(parameters, FilterNames, allowTags: true);
            var selected = names.Select(Get).ToList();
            selected.AddRange(ids.Select(GetById));
            IEnumerable<KeyPair> candidates = names.Count + ids.Count > 0 ? _keyPairs.Where(selected.Contains) : _keyPairs;
            return candidates.Where(k => filters.All(f => Matches(k, f))).ToList();
        }

        /// <summary>DeleteKeyPair: by name (a name that does not exist succeeds, as in EC2) or by id (which must exist).</summary>
        internal string? Delete(string? keyName, string? keyPairId)
        {
            if (string.IsNullOrEmpty(keyName) && string.IsNullOrEmpty(keyPairId))
            {
                throw new AwsErrorException("MissingParameter", "The request must contain the parameter KeyName or KeyPairId");
            }

            KeyPair? keyPair = string.IsNullOrEmpty(keyPairId) ? _keyPairs.FirstOrDefault(k => k.KeyName == keyName) : GetById(keyPairId!);
            if (keyPair != null)
            {
                _keyPairs.Remove(keyPair);
            }

            return keyPair?.KeyPairId;
        }

        private KeyPair GetById(string id)
        {
            if (!KeyPairIdPattern.IsMatch(id))
            {
                throw new AwsErrorException("InvalidKeyPair.Malformed", $"Invalid id: \"{id}\" (expecting \"key-...\")");
            }

            return _keyPairs.FirstOrDefault(k => k.KeyPairId == id)
                ?? throw new AwsErrorException("InvalidKeyPair.NotFound", $"The key pair ID '{id}' does not exist");
        }

        private static bool Matches(KeyPair keyPair, InstanceFilter filter)
        {
            if (filter.Name.StartsWith("tag:", StringComparison.Ordinal))
            {
                return filter.Matches(keyPair.Tags[filter.Name.Substring(4)]);
            }

            return filter.Name switch
            {
                "key-pair-id" => filter.Matches(keyPair.KeyPairId),
                "key-name" => filter.Matches(keyPair.KeyName),
                "fingerprint" => filter.Matches(keyPair.Fingerprint),
                "key-type" => filter.Matches(keyPair.KeyType),
                "tag-key" => filter.Matches(keyPair.Tags.Items.Select(t => t.Key)),
                _ => false,
            };
        }

        private string CheckNewName(string? keyName)
        {
            if (string.IsNullOrEmpty(keyName))
            {
                throw new AwsErrorException("MissingParameter", "The request must contain the parameter KeyName");
            }

            if (keyName!.Length > 255 || keyName.Any(c => c < 0x20 || c > 0x7e))
            {
                throw new AwsErrorException("InvalidParameterValue", $"Value ({keyName}) for parameter keyName is invalid. Key names are at most 255 ASCII characters.");
            }

            if (_keyPairs.Any(k => k.KeyName == keyName))
            {
                throw new AwsErrorException("InvalidKeyPair.Duplicate", $"The keypair '{keyName}' already exists.");
            }

            return keyName;
        }

        private KeyPair Add(string name, SshPublicKey key, string fingerprint, IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            var keyPair = new KeyPair(name, "key-" + _world.Ids.Hex(17), key.KeyType, fingerprint, key.OpenSshLine + " " + name, _world.Now);
            keyPair.Tags.SetAll(tags);
            _keyPairs.Add(keyPair);
            return keyPair;
        }
    }
}
