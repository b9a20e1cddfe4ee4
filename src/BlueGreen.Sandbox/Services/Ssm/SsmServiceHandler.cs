using System.Text.Json;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Model.Parameters;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Services.Ssm
{
    /// <summary>
    /// AWS Systems Manager Parameter Store (SSM API 2014-11-06) over AWS JSON 1.1: PutParameter, GetParameter,
    /// GetParameters, GetParametersByPath (MaxResults 1-10, NextToken; ParameterFilters Type, KeyId and Label with Equals),
    /// DeleteParameter, DeleteParameters and DescribeParameters (MaxResults 1-50, NextToken, ParameterFilters; not the
    /// deprecated Filters), with SSM's members, limits and error codes.
    /// </summary>
    internal sealed class SsmServiceHandler : IJsonServiceHandler
    {
        internal const int MaxNamesPerCall = 10;
        internal const int MaxResultsPerPage = 10;
        internal const int MaxDescribeResultsPerPage = 50;

        private delegate void OperationHandler(JsonRequest request, ParameterStoreState store, Utf8JsonWriter json);

        private readonly Dictionary<string, OperationHandler> _operations;

        internal SsmServiceHandler()
        {
            _operations = new Dictionary<string, OperationHandler>(StringComparer.Ordinal)
            {
                ["PutParameter"] = PutParameter,
                ["GetParameter"] = GetParameter,
                ["GetParameters"] = GetParameters,
                ["GetParametersByPath"] = GetParametersByPath,
                ["DeleteParameter"] = DeleteParameter,
                ["DeleteParameters"] = DeleteParameters,
                ["DescribeParameters"] = DescribeParameters,
            };
        }

        public string SigningName => "ssm";

        public string TargetPrefix => "AmazonSSM";

        public string ContentType => JsonRequestDispatcher.ContentType;

        public IReadOnlyCollection<string> Operations => _operations.Keys;

        public string Handle(JsonRequest request, SandboxWorld world)
        {
            OperationHandler handler = _operations[request.Operation];
            return JsonBody.Write(json =>
            {
                json.WriteStartObject();
                lock (world.Gate)
                {
                    handler(request, world.Parameters, json);
                }

                json.WriteEndObject();
            });
        }

        public bool IsSecret(JsonElement body, string member) =>
            member == "Value" && JsonRequest.String(body, "Type") == ParameterStoreState.SecureString;

        private static void PutParameter(JsonRequest request, ParameterStoreState store, Utf8JsonWriter json)
        {
            var put = new ParameterPutRequest
            {
                Name = request.String("Name"),
                Value = request.String("Value"),
                Type = request.String("Type"),
                Overwrite = request.Boolean("Overwrite") ?? false,
                Tier = request.String("Tier"),
                DataType = request.String("DataType"),
                KeyId = request.String("KeyId"),
                Description = request.String("Description"),
                AllowedPattern = request.String("AllowedPattern"),
                Tags = request.Structures("Tags")?.Select(tag => new KeyValuePair<string, string>(
                    JsonRequest.String(tag, "Key") ?? throw Missing("tags.member.key"),
                    JsonRequest.String(tag, "Value") ?? throw Missing("tags.member.value"))).ToList(),
            };

            ParameterPutResult result = store.Put(put);
            json.WriteNumber("Version", result.Version);
            json.WriteString("Tier", result.Tier);
        }

        private static void GetParameter(JsonRequest request, ParameterStoreState store, Utf8JsonWriter json)
        {
            string name = CheckLookupName(request.String("Name"));
            SelectedParameter selected = store.Get(name);
            json.WritePropertyName("Parameter");
            SsmResponseWriter.Parameter(json, selected, request.Boolean("WithDecryption") ?? false);
        }

        private static void GetParameters(JsonRequest request, ParameterStoreState store, Utf8JsonWriter json)
        {
            IReadOnlyList<string> names = CheckNames(request.Strings("Names"));
            bool decrypt = request.Boolean("WithDecryption") ?? false;
            var found = new List<SelectedParameter>();
            var invalid = new List<string>();
            foreach (string name in names.Distinct(StringComparer.Ordinal))
            {
                SelectedParameter? selected = IsLookupName(name) ? store.Find(name) : null;
                if (selected == null)
                {
                    invalid.Add(name);
                }
                else
                {
                    found.Add(selected);
                }
            }

            json.WriteStartArray("Parameters");
            foreach (SelectedParameter selected in found)
            {
                SsmResponseWriter.Parameter(json, selected, decrypt);
            }

            json.WriteEndArray();
            SsmResponseWriter.Names(json, "InvalidParameters", invalid);
        }

        private static void GetParametersByPath(JsonRequest request, ParameterStoreState store, Utf8JsonWriter json)
        {
            int? maxResults = MaxResults(request, MaxResultsPerPage);
            List<ParameterFilter> filters = Filters(request);
            string? path = request.String("Path");
            IReadOnlyList<StoredParameter> matching = store.ByPath(path!, request.Boolean("Recursive") ?? false, filters);
            IReadOnlyList<StoredParameter> page = Pagination.Page(matching, request.String("NextToken"), maxResults ?? MaxResultsPerPage,
                _ => new AwsErrorException("InvalidNextToken", "The specified token isn't valid."), out string? nextToken);
            bool decrypt = request.Boolean("WithDecryption") ?? false;
            json.WriteStartArray("Parameters");
            foreach (StoredParameter parameter in page)
            {
                SsmResponseWriter.Parameter(json, new SelectedParameter(parameter, parameter.Current, null), decrypt);
            }

            json.WriteEndArray();
            if (nextToken != null)
            {
                json.WriteString("NextToken", nextToken);
            }
        }

        private static void DeleteParameter(JsonRequest request, ParameterStoreState store, Utf8JsonWriter json)
        {
            string? name = request.String("Name");
            ParameterName.CheckWellFormed(name);
            store.Delete(name!);
        }

        private static void DeleteParameters(JsonRequest request, ParameterStoreState store, Utf8JsonWriter json)
        {
            IReadOnlyList<string> names = CheckNames(request.Strings("Names"));
            var deleted = new List<string>();
            var invalid = new List<string>();
            foreach (string name in names.Distinct(StringComparer.Ordinal))
            {
                (store.TryDelete(name) ? deleted : invalid).Add(name);
            }

            SsmResponseWriter.Names(json, "DeletedParameters", deleted);
            SsmResponseWriter.Names(json, "InvalidParameters", invalid);
        }

        private static void DescribeParameters(JsonRequest request, ParameterStoreState store, Utf8JsonWriter json)
        {
            int? maxResults = MaxResults(request, MaxDescribeResultsPerPage);
            if (request.Structures("Filters") is IReadOnlyList<JsonElement> legacy && legacy.Count > 0)
            {
                throw new AwsErrorException("ValidationException", request.Body.TryGetProperty("ParameterFilters", out _)
                    ? "You can use either Filters or ParameterFilters in a single request."
                    : "The sandbox does not implement the deprecated Filters of DescribeParameters; use ParameterFilters (Name, Path, Type, KeyId, Tier, DataType, tag:<key>).");
            }

            IReadOnlyList<StoredParameter> matching = store.Describe(Filters(request));
            IReadOnlyList<StoredParameter> page = Pagination.Page(matching, request.String("NextToken"), maxResults ?? MaxDescribeResultsPerPage,
                _ => new AwsErrorException("InvalidNextToken", "The specified token isn't valid."), out string? nextToken);
            json.WriteStartArray("Parameters");
            foreach (StoredParameter parameter in page)
            {
                SsmResponseWriter.Metadata(json, parameter);
            }

            json.WriteEndArray();
            if (nextToken != null)
            {
                json.WriteString("NextToken", nextToken);
            }
        }

        private static int? MaxResults(JsonRequest request, int max)
        {
            int? maxResults = request.Integer("MaxResults");
            if (maxResults < 1 || maxResults > max)
            {
                string bound = maxResults < 1 ? "greater than or equal to 1" : $"less than or equal to {max}";
                throw new AwsErrorException("ValidationException",
                    $"1 validation error detected: Value '{maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value {bound}");
            }

            return maxResults;
        }

        private static List<ParameterFilter> Filters(JsonRequest request) =>
            (request.Structures("ParameterFilters") ?? Array.Empty<JsonElement>())
                .Select(f => new ParameterFilter(JsonRequest.String(f, "Key") ?? throw Missing("parameterFilters.member.key"),
                    JsonRequest.String(f, "Option"), JsonRequest.Strings(f, "Values") ?? Array.Empty<string>()))
                .ToList();

        /// <summary>Checks a Names list: required, 1 to 10 names, as the model's ParameterNameList says.</summary>
        private static IReadOnlyList<string> CheckNames(IReadOnlyList<string>? names)
        {
            if (names == null)
            {
                throw new AwsErrorException("ValidationException", "1 validation error detected: Value null at 'names' failed to satisfy constraint: Member must not be null");
            }

            if (names.Count < 1 || names.Count > MaxNamesPerCall)
            {
                string bound = names.Count < 1 ? "greater than or equal to 1" : $"less than or equal to {MaxNamesPerCall}";
                throw new AwsErrorException("ValidationException",
                    $"1 validation error detected: Value '[{string.Join(", ", names)}]' at 'names' failed to satisfy constraint: Member must have length {bound}");
            }

            return names;
        }

        /// <summary>Checks a name that may carry a version selector (<c>/app/db:3</c>); returns it unchanged.</summary>
        private static string CheckLookupName(string? name)
        {
            int colon = name?.IndexOf(':') ?? -1;
            ParameterName.CheckWellFormed(colon < 0 ? name : name!.Substring(0, colon));
            return name!;
        }

        private static bool IsLookupName(string name)
        {
            try
            {
                CheckLookupName(name);
                return true;
            }
            catch (AwsErrorException)
            {
                return false;
            }
        }

        private static AwsErrorException Missing(string member) =>
            new AwsErrorException("ValidationException", $"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");
    }
}
