using System.Collections.Concurrent;
using System.IO;
using System.Text.Json;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>
    /// An AWS service model (botocore's service-2.json, trimmed by tools/models/trim.py to the operations BlueGreen and
    /// the sandbox use) loaded from this assembly's embedded resources.
    /// <para>
    /// Why read the model at run time instead of generating C# from it: the codec is one interpreter per protocol (as
    /// moto's serializers are), so the model is data, not code; there is nothing to generate, nothing to keep in step
    /// with a generator, and adding an operation is one line in trim.py plus the regenerated JSON. Loading a ~100 KB
    /// document once per process costs a few milliseconds. The engine's typed model classes, by contrast, are C# the
    /// compiler needs: BlueGreen.Aws.ModelGenerator writes them at build time from these same files.
    /// </para>
    /// </summary>
    public sealed class ServiceModel
    {
        private static readonly ConcurrentDictionary<string, ServiceModel> Loaded = new ConcurrentDictionary<string, ServiceModel>(StringComparer.Ordinal);

        private readonly Dictionary<string, Shape> _shapes = new Dictionary<string, Shape>(StringComparer.Ordinal);
        private readonly Dictionary<string, ServiceOperation> _operations = new Dictionary<string, ServiceOperation>(StringComparer.Ordinal);

        private ServiceModel(JsonElement root)
        {
            JsonElement metadata = root.GetProperty("metadata");
            ApiVersion = metadata.GetProperty("apiVersion").GetString()!;
            ServiceId = metadata.GetProperty("serviceId").GetString()!;
            Protocol = metadata.GetProperty("protocol").GetString()!;
            EndpointPrefix = metadata.GetProperty("endpointPrefix").GetString()!;
            SigningName = metadata.TryGetProperty("signingName", out JsonElement signing) ? signing.GetString()! : EndpointPrefix;
            XmlNamespace = metadata.TryGetProperty("xmlNamespace", out JsonElement ns) ? ns.GetString() : null;
            TargetPrefix = metadata.TryGetProperty("targetPrefix", out JsonElement target) ? target.GetString() : null;
            foreach (JsonProperty shape in root.GetProperty("shapes").EnumerateObject())
            {
                _shapes[shape.Name] = new Shape(this, shape.Name, shape.Value);
            }

            foreach (JsonProperty operation in root.GetProperty("operations").EnumerateObject())
            {
                _operations[operation.Name] = new ServiceOperation(this, operation.Name, operation.Value);
            }
        }

        public string ApiVersion { get; }

        /// <summary>The service id (names the SDK's AWS_ENDPOINT_URL_* variable): "Elastic Load Balancing v2", "CloudWatch".</summary>
        public string ServiceId { get; }

        /// <summary>The model's own protocol: "query", "json", "ec2".</summary>
        public string Protocol { get; }

        public string EndpointPrefix { get; }

        /// <summary>The SigV4 service name of the credential scope.</summary>
        public string SigningName { get; }

        public string? XmlNamespace { get; }

        /// <summary>The X-Amz-Target prefix of the AWS JSON protocol (for CloudWatch, which also speaks it: GraniteServiceVersion20100801).</summary>
        public string? TargetPrefix { get; }

        public IReadOnlyCollection<string> OperationNames => _operations.Keys;

        /// <summary>The model embedded as Models/<paramref name="name"/>.json ("elbv2", "cloudwatch").</summary>
        public static ServiceModel Load(string name) => Loaded.GetOrAdd(name, key =>
        {
            string resource = "BlueGreen.Aws.Protocol.Models." + key + ".json";
            using Stream stream = typeof(ServiceModel).Assembly.GetManifestResourceStream(resource)
                ?? throw new ArgumentException($"No service model '{key}' is embedded (expected resource {resource}); run tools/models/trim.py.", nameof(name));
            using JsonDocument document = JsonDocument.Parse(stream);
            return new ServiceModel(document.RootElement);
        });

        public Shape GetShape(string name) =>
            _shapes.TryGetValue(name, out Shape? shape) ? shape : throw new KeyNotFoundException($"The {ServiceId} model has no shape '{name}'.");

        public bool HasOperation(string name) => _operations.ContainsKey(name);

        public ServiceOperation GetOperation(string name) =>
            _operations.TryGetValue(name, out ServiceOperation? operation) ? operation : throw new KeyNotFoundException($"The {ServiceId} model has no operation '{name}' (add it to tools/models/trim.py).");
    }
}
