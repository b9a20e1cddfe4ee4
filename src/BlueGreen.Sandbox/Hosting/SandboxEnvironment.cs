using System.Collections;

namespace BlueGreen.Sandbox.Hosting
{
    /// <summary>
    /// The process environment that points every AWS client (AWS SDKs, the AWS CLI, BlueGreen) at a sandbox:
    /// AWS_ENDPOINT_URL and the EC2 / ELBv2 / SSM specific endpoint variables, dummy credentials, the region, and IMDS off.
    /// Variables that could lead a client elsewhere (a profile, a session token, other service endpoints, ignoring
    /// configured endpoints) are removed. <see cref="Apply"/> returns what it replaced so <see cref="Restore"/> can put it back.
    /// </summary>
    public static class SandboxEnvironment
    {
        /// <summary>The dummy access key id and secret the sandbox's environment carries.</summary>
        public const string DummyCredential = "test";

        private const string EndpointPrefix = "AWS_ENDPOINT_URL_";

        /// <summary>The variables set to a value for a sandbox.</summary>
        public static IReadOnlyDictionary<string, string> ValuesFor(AwsSandbox sandbox)
        {
            string endpoint = sandbox.Endpoint.GetLeftPart(UriPartial.Authority);
            return new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["AWS_ENDPOINT_URL"] = endpoint,
                ["AWS_ENDPOINT_URL_EC2"] = endpoint,
                ["AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"] = endpoint,
                ["AWS_ENDPOINT_URL_SSM"] = endpoint,
                ["AWS_ACCESS_KEY_ID"] = DummyCredential,
                ["AWS_SECRET_ACCESS_KEY"] = DummyCredential,
                ["AWS_REGION"] = sandbox.Region,
                ["AWS_DEFAULT_REGION"] = sandbox.Region,
                ["AWS_EC2_METADATA_DISABLED"] = "true",
            };
        }

        /// <summary>The variables removed for a sandbox (besides other AWS_ENDPOINT_URL_* ones).</summary>
        public static IReadOnlyList<string> Removed { get; } = new[]
        {
            "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        };

        /// <summary>Points the environment at the sandbox; returns the previous value (null: unset) of every variable it touched.</summary>
        public static IReadOnlyDictionary<string, string?> Apply(AwsSandbox sandbox)
        {
            IReadOnlyDictionary<string, string> values = ValuesFor(sandbox);
            IEnumerable<string> otherEndpoints = Environment.GetEnvironmentVariables().Keys.Cast<object>().Select(k => k.ToString() ?? string.Empty)
                .Where(name => name.StartsWith(EndpointPrefix, StringComparison.Ordinal) && !values.ContainsKey(name));
            List<string> removed = Removed.Concat(otherEndpoints).Distinct(StringComparer.Ordinal).ToList();

            var previous = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (string name in values.Keys.Concat(removed))
            {
                previous[name] = Environment.GetEnvironmentVariable(name);
            }

            foreach (KeyValuePair<string, string> variable in values)
            {
                Environment.SetEnvironmentVariable(variable.Key, variable.Value);
            }

            foreach (string name in removed)
            {
                Environment.SetEnvironmentVariable(name, null);
            }

            return previous;
        }

        /// <summary>Puts back the values <see cref="Apply"/> replaced.</summary>
        public static void Restore(IReadOnlyDictionary<string, string?> previous)
        {
            foreach (KeyValuePair<string, string?> variable in previous)
            {
                Environment.SetEnvironmentVariable(variable.Key, variable.Value);
            }
        }
    }
}
