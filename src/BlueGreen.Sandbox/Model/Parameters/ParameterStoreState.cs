using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.Parameters
{
    /// <summary>
    /// The SSM Parameter Store of the sandbox and its operations, with Parameter Store's versions, tiers, limits and
    /// error codes. Callers hold <see cref="SandboxWorld.Gate"/>.
    /// </summary>
    internal sealed class ParameterStoreState(SandboxWorld world)
    {
        internal const string Standard = "Standard";
        internal const string Advanced = "Advanced";
        internal const string IntelligentTiering = "Intelligent-Tiering";
        internal const string SecureString = "SecureString";
        internal const string DefaultKeyId = "alias/aws/ssm";
        internal const int StandardValueLimit = 4096;
        internal const int AdvancedValueLimit = 8192;
        internal const int MaxVersions = 100;
        internal const int DescriptionLimit = 1024;

        internal static readonly IReadOnlyList<string> Types = new[] { "String", "StringList", SecureString };
        internal static readonly IReadOnlyList<string> Tiers = new[] { Standard, Advanced, IntelligentTiering };
        internal static readonly IReadOnlyList<string> DataTypes = new[] { "text", "aws:ec2:image", "aws:ssm:integration" };

        private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);
        private readonly SandboxWorld _world = world;
        private readonly Dictionary<string, StoredParameter> _parameters = new Dictionary<string, StoredParameter>(StringComparer.Ordinal);

        /// <summary>Every parameter, ordered by name (ordinal), as GetParametersByPath lists them.</summary>
        internal IReadOnlyList<StoredParameter> Parameters =>
            _parameters.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();

        internal ParameterPutResult Put(ParameterPutRequest request)
        {
            ParameterName.CheckWellFormed(request.Name);
            string name = request.Name!;
            if (request.Value == null)
            {
                throw Validation("1 validation error detected: Value null at 'value' failed to satisfy constraint: Member must not be null");
            }

            CheckEnum(request.Type, "type", Types);
            CheckEnum(request.Tier, "tier", Tiers);
            if (request.Description != null && request.Description.Length > DescriptionLimit)
            {
                throw Validation($"1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to {DescriptionLimit}");
            }

            ParameterName.CheckCreatable(name, _world.Network.Region, _world.Network.AccountId);
            if (request.Value.Length == 0)
            {
                throw Validation("1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }

            _parameters.TryGetValue(name, out StoredParameter? existing);
            if (existing != null && !request.Overwrite)
            {
                throw new AwsErrorException("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
            }

            if (existing != null && request.Tags != null && request.Tags.Count > 0)
            {
                throw Validation("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
            }

            ParameterVersion? previous = existing?.Current;
            string type = request.Type ?? previous?.Type ?? throw Validation("A parameter type is required when you create a parameter.");
            string dataType = request.DataType ?? previous?.DataType ?? "text";
            if (!DataTypes.Contains(dataType, StringComparer.Ordinal))
            {
                throw Validation($"The following data type is not supported: {dataType} (Data type names are all lowercase.)");
            }

            if (request.Value.IndexOf("{{", StringComparison.Ordinal) >= 0 && request.Value.IndexOf("}}", StringComparison.Ordinal) >= 0)
            {
                throw Validation("Parameter value can't nest another parameter. Do not use \"{{}}\" in the value.");
            }

            string tier = ResolveTier(request.Tier, previous?.Tier, Encoding.UTF8.GetByteCount(request.Value));
            string? allowedPattern = request.AllowedPattern ?? previous?.AllowedPattern;
            if (allowedPattern != null)
            {
                CheckPattern(allowedPattern, request.Value);
            }

            string? keyId = type == SecureString ? request.KeyId ?? (previous?.Type == SecureString ? previous.KeyId : null) ?? DefaultKeyId : null;
            if (existing == null)
            {
                existing = new StoredParameter(name, ParameterName.Arn(_world.Network.Region, _world.Network.AccountId, name));
                existing.Tags.SetAll(request.Tags ?? Array.Empty<KeyValuePair<string, string>>());
                _parameters.Add(name, existing);
            }

            var version = new ParameterVersion((previous?.Version ?? 0) + 1, type, request.Value, tier, dataType, keyId,
                request.Description ?? previous?.Description, allowedPattern, _world.Now);
            existing.Versions.Add(version);
            if (existing.Versions.Count > MaxVersions)
            {
                existing.Versions.RemoveAt(0);
            }

            return new ParameterPutResult(version.Version, tier);
        }

        /// <summary>The parameter (a <c>name:version</c> selector picks an older version); null when there is none.</summary>
        internal SelectedParameter? Find(string nameWithSelector)
        {
            int colon = nameWithSelector.IndexOf(':');
            string name = colon < 0 ? nameWithSelector : nameWithSelector.Substring(0, colon);
            if (!_parameters.TryGetValue(name, out StoredParameter? parameter))
            {
                return null;
            }

            if (colon < 0)
            {
                return new SelectedParameter(parameter, parameter.Current, null);
            }

            string selector = nameWithSelector.Substring(colon);
            if (long.TryParse(selector.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out long wanted))
            {
                ParameterVersion? version = parameter.Versions.FirstOrDefault(v => v.Version == wanted);
                if (version == null)
                {
                    throw new AwsErrorException("ParameterVersionNotFound",
                        $"Systems Manager could not find version {wanted} of {name}. Verify the version and try again.");
                }

                return new SelectedParameter(parameter, version, selector);
            }

            // A label selector: the sandbox has no labels (LabelParameterVersion is not implemented), so none matches.
            return null;
        }

        /// <summary>Like <see cref="Find"/>, but a missing parameter is ParameterNotFound.</summary>
        internal SelectedParameter Get(string nameWithSelector) =>
            Find(nameWithSelector) ?? throw NotFound(nameWithSelector);

        internal bool TryDelete(string name) => _parameters.Remove(name);

        internal void Delete(string name)
        {
            if (!TryDelete(name))
            {
                throw NotFound(name);
            }
        }

        /// <summary>
        /// The parameters under <paramref name="path"/> (one level below it, or every level with <paramref name="recursive"/>),
        /// by name, that pass the filters (Type, KeyId, Label with Equals; AWS supports no others for this operation).
        /// </summary>
        internal IReadOnlyList<StoredParameter> ByPath(string path, bool recursive, IReadOnlyList<ParameterFilter> filters)
        {
            ParameterName.CheckPath(path);
            foreach (ParameterFilter filter in filters)
            {
                CheckPathFilter(filter);
            }

            string prefix = path.EndsWith("/", StringComparison.Ordinal) ? path : path + "/";
            return Parameters.Where(p =>
            {
                string qualified = p.Name.StartsWith("/", StringComparison.Ordinal) ? p.Name : "/" + p.Name;
                if (!qualified.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return false;
                }

                return (recursive || qualified.IndexOf('/', prefix.Length) < 0) && filters.All(f => Matches(f, p.Current));
            }).ToList();
        }

        /// <summary>
        /// The parameters DescribeParameters lists, by name, that pass every ParameterFilter: Name (Equals, BeginsWith,
        /// Contains), Path (OneLevel, Recursive), Type, KeyId, Tier, DataType (Equals), <c>tag:key</c> (Equals; without
        /// values: has the tag) and Label (the sandbox has no labels: matches none).
        /// </summary>
        internal IReadOnlyList<StoredParameter> Describe(IReadOnlyList<ParameterFilter> filters)
        {
            foreach (ParameterFilter filter in filters)
            {
                CheckDescribeFilter(filter);
            }

            return Parameters.Where(p => filters.All(f => MatchesDescribe(f, p))).ToList();
        }

        internal static AwsErrorException NotFound(string name) =>
            new AwsErrorException("ParameterNotFound", $"Parameter {name} not found.");

        private static string ResolveTier(string? requested, string? current, int valueBytes)
        {
            string tier = requested switch
            {
                Standard => Standard,
                Advanced => Advanced,
                IntelligentTiering => current == Advanced || valueBytes > StandardValueLimit ? Advanced : Standard,
                _ => current ?? Standard,
            };

            if (tier == Standard && current == Advanced)
            {
                throw Validation("This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.");
            }

            if (tier == Standard && valueBytes > StandardValueLimit)
            {
                throw Validation($"Standard tier parameters support a maximum parameter value of {StandardValueLimit} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html");
            }

            if (valueBytes > AdvancedValueLimit)
            {
                throw Validation($"Advanced tier parameters support a maximum parameter value of {AdvancedValueLimit} characters. This value has {valueBytes} bytes.");
            }

            return tier;
        }

        private static void CheckPattern(string pattern, string value)
        {
            Regex regex;
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (ArgumentException)
            {
                throw new AwsErrorException("InvalidAllowedPatternException", $"The allowed pattern '{pattern}' is not a valid regular expression.");
            }

            bool matches;
            try
            {
                matches = regex.IsMatch(value);
            }
            catch (RegexMatchTimeoutException)
            {
                matches = false;
            }

            if (!matches)
            {
                throw new AwsErrorException("ParameterPatternMismatchException", $"Parameter value, cannot be validated against allowedPattern: {pattern}");
            }
        }

        private static void CheckPathFilter(ParameterFilter filter)
        {
            if (filter.Key != "Type" && filter.Key != "KeyId" && filter.Key != "Label")
            {
                throw new AwsErrorException("InvalidFilterKey", $"The following filter key is not valid: {filter.Key}. Valid filter keys include: [Type, KeyId, Label].");
            }

            if (filter.Option != null && filter.Option != "Equals")
            {
                throw new AwsErrorException("InvalidFilterOption", $"The following filter option is not valid: {filter.Option}. Valid options include: [Equals].");
            }

            if (filter.Values.Count == 0)
            {
                throw new AwsErrorException("InvalidFilterValue", $"The following filter values are missing : null for filter key {filter.Key}.");
            }
        }

        private static void CheckDescribeFilter(ParameterFilter filter)
        {
            bool isTag = filter.Key.StartsWith("tag:", StringComparison.Ordinal) && filter.Key.Length > 4;
            string[] options = filter.Key switch
            {
                "Name" => new[] { "Equals", "BeginsWith", "Contains" },
                "Path" => new[] { "OneLevel", "Recursive" },
                "Type" or "KeyId" or "Tier" or "DataType" or "Label" => new[] { "Equals" },
                _ when isTag => new[] { "Equals" },
                _ => throw new AwsErrorException("InvalidFilterKey",
                    $"The following filter key is not valid: {filter.Key}. Valid filter keys include: [Name, Path, Type, KeyId, Tier, DataType, Label, tag:<key>]."),
            };

            if (filter.Option != null && !options.Contains(filter.Option, StringComparer.Ordinal))
            {
                throw new AwsErrorException("InvalidFilterOption",
                    $"The following filter option is not valid: {filter.Option}. Valid options include: [{string.Join(", ", options)}].");
            }

            if (filter.Values.Count == 0 && !isTag)
            {
                throw new AwsErrorException("InvalidFilterValue", $"The following filter values are missing : null for filter key {filter.Key}.");
            }

            if (filter.Key == "Path")
            {
                foreach (string path in filter.Values)
                {
                    ParameterName.CheckPath(path);
                }
            }
        }

        private static bool MatchesDescribe(ParameterFilter filter, StoredParameter parameter)
        {
            ParameterVersion current = parameter.Current;
            switch (filter.Key)
            {
                case "Name":
                    string option = filter.Option ?? "Equals";
                    return filter.Values.Any(v => option == "BeginsWith" ? parameter.Name.StartsWith(v, StringComparison.Ordinal)
                        : option == "Contains" ? parameter.Name.IndexOf(v, StringComparison.Ordinal) >= 0
                        : parameter.Name == v);
                case "Path":
                    string qualified = parameter.Name.StartsWith("/", StringComparison.Ordinal) ? parameter.Name : "/" + parameter.Name;
                    return filter.Values.Any(path =>
                    {
                        string prefix = path.EndsWith("/", StringComparison.Ordinal) ? path : path + "/";
                        return qualified.StartsWith(prefix, StringComparison.Ordinal)
                            && (filter.Option == "Recursive" || qualified.IndexOf('/', prefix.Length) < 0);
                    });
                case "Tier":
                    return filter.Values.Contains(current.Tier, StringComparer.Ordinal);
                case "DataType":
                    return filter.Values.Contains(current.DataType, StringComparer.Ordinal);
                case "Type":
                case "KeyId":
                case "Label":
                    return Matches(filter, current);
                default:
                    string? tag = parameter.Tags[filter.Key.Substring(4)];
                    return tag != null && (filter.Values.Count == 0 || filter.Values.Contains(tag, StringComparer.Ordinal));
            }
        }

        private static bool Matches(ParameterFilter filter, ParameterVersion version) => filter.Key switch
        {
            "Type" => filter.Values.Contains(version.Type, StringComparer.Ordinal),
            "KeyId" => version.KeyId != null && filter.Values.Contains(version.KeyId, StringComparer.Ordinal),
            _ => false, // Label: the sandbox has no labels.
        };

        private static void CheckEnum(string? value, string member, IReadOnlyList<string> allowed)
        {
            if (value != null && !allowed.Contains(value, StringComparer.Ordinal))
            {
                string set = string.Join(", ", allowed);
                throw Validation($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{set}]");
            }
        }

        private static AwsErrorException Validation(string message) => new AwsErrorException("ValidationException", message);
    }
}
