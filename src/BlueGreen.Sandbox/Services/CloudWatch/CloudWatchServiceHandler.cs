using System.Text.Json;
using System.Text.Json.Nodes;
using BlueGreen.Aws.Protocol;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Services.CloudWatch
{
    /// <summary>
    /// CloudWatch (API version 2010-08-01) in both of its protocols, through the model-driven codec over the cloudwatch
    /// model: the Query protocol (form in, XML out; what the AWS CLI v1 and AWSSDK.CloudWatch 3.x send) and AWS JSON 1.0
    /// (<c>X-Amz-Target: GraniteServiceVersion20100801.GetMetricData</c>, what newer SDKs and CLIs send). The operations
    /// are the same functions from input tree to output tree for both. GetMetricData answers from the load balancers'
    /// metrics (AWS/ApplicationELB, what the data plane served; after asking it for its latest counts); alarms are kept
    /// (PutMetricAlarm), evaluated on those metrics and listed (DescribeAlarms), and set by hand (SetAlarmState).
    /// </summary>
    internal sealed class CloudWatchServiceHandler : IAwsServiceHandler, IJsonServiceHandler
    {
        internal static readonly ServiceModel Model = ServiceModel.Load("cloudwatch");

        private readonly Dictionary<string, Func<JsonObject, SandboxWorld, JsonObject?>> _operations;
        private readonly Action _flushMetrics;

        /// <param name="flushMetrics">Brings the metrics up to the last request served (the data plane's counts); called outside the world's gate.</param>
        internal CloudWatchServiceHandler(Action? flushMetrics = null)
        {
            _flushMetrics = flushMetrics ?? (() => { });
            _operations = new Dictionary<string, Func<JsonObject, SandboxWorld, JsonObject?>>(StringComparer.Ordinal)
            {
                ["GetMetricData"] = (input, world) => MetricDataAnswer.Answer(input, world.Metrics),
                ["DescribeAlarms"] = (input, world) => new JsonObject
                {
                    ["MetricAlarms"] = ShapeValues.Array(world.Alarms.Describe(ShapeValues.Strings(input["AlarmNames"]), (string?)input["AlarmNamePrefix"], (string?)input["StateValue"]), a => a),
                    ["CompositeAlarms"] = new JsonArray(),
                },
                ["PutMetricAlarm"] = (input, world) =>
                {
                    world.Alarms.Put(input);
                    return null;
                },
                ["SetAlarmState"] = (input, world) =>
                {
                    world.Alarms.SetState((string)input["AlarmName"]!, (string)input["StateValue"]!, (string)input["StateReason"]!);
                    return null;
                },
            };
        }

        public string SigningName => Model.SigningName;

        public string ApiVersion => Model.ApiVersion;

        public string TargetPrefix => Model.TargetPrefix ?? "GraniteServiceVersion20100801";

        public string ContentType => "application/x-amz-json-1.0";

        public IReadOnlyCollection<string> Actions => _operations.Keys;

        public IReadOnlyCollection<string> Operations => _operations.Keys;

        public QueryResponse Handle(QueryRequest request, SandboxWorld world)
        {
            string action = Known(request.Action ?? string.Empty);
            JsonObject? output = Run(action, () => QueryForm.Read(Model, action, request.Parameters.All), world);
            return new QueryResponse(200, QueryXml.WriteResponse(Model, action, output, request.RequestId));
        }

        public string Handle(JsonRequest request, SandboxWorld world)
        {
            string operation = Known(request.Operation);
            JsonObject? output = Run(operation, () => AwsJson.ReadRequest(Model, operation, request.Body.ValueKind == JsonValueKind.Undefined ? null : request.Body.GetRawText()), world);
            return AwsJson.WriteResponse(Model, operation, output);
        }

        public QueryResponse RenderError(AwsErrorException error, string requestId) =>
            new QueryResponse(error.HttpStatus, QueryXml.WriteError(Model.XmlNamespace, error.IsSenderFault, error.Code, error.Message, requestId), errorCode: error.Code);

        public bool IsSecret(JsonElement body, string member) => false;

        private string Known(string operation) => _operations.ContainsKey(operation)
            ? operation
            : throw new AwsErrorException("InvalidAction", $"Could not find operation {operation} for version {ApiVersion}");

        private JsonObject? Run(string operation, Func<JsonObject> read, SandboxWorld world)
        {
            JsonObject input;
            try
            {
                input = read();
            }
            catch (ShapeValidationException invalid)
            {
                throw new AwsErrorException("ValidationError", invalid.Message);
            }

            if (operation == "GetMetricData" || operation == "DescribeAlarms")
            {
                _flushMetrics();
            }

            lock (world.Gate)
            {
                return _operations[operation](input, world);
            }
        }
    }
}
