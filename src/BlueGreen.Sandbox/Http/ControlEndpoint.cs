using System.IO;
using System.Text;
using System.Text.Json;
using BlueGreen.Sandbox.Diagnostics;
using BlueGreen.Sandbox.Faults;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Http
{
    /// <summary>
    /// The sandbox's own HTTP API for tests in other processes (JSON in and out):
    /// <list type="bullet">
    /// <item><c>GET /_sandbox/state</c>: the complete state, deterministic (compare before/after byte for byte).</item>
    /// <item><c>POST /_sandbox/reset</c> <c>{"scenario":"Demo"}</c>: back to a scenario's world (body optional).</item>
    /// <item><c>GET|POST|DELETE /_sandbox/faults</c>: list, add (<c>{"action":"ModifyListener","errorCode":"Throttling","count":2}</c>
    /// or <c>{"action":"*","errorCode":"Throttling","rate":0.1}</c> (each call fails with that probability until cleared)
    /// or <c>{"action":"RunInstances","latencyMs":500}</c>, optional <c>service</c>, <c>httpStatus</c>, <c>message</c>;
    /// for SSM <c>{"service":"ssm","action":"PutParameter","errorCode":"ThrottlingException"}</c>), clear.</item>
    /// <item><c>POST /_sandbox/target-health</c> <c>{"targetGroupArn":..,"targetId":..,"state":"unhealthy"}</c> (optional
    /// <c>port</c>, <c>reason</c>, <c>description</c>; <c>"state":null</c> clears).</item>
    /// <item><c>GET|DELETE /_sandbox/requests</c>: the request log, or clear it.</item>
    /// <item><c>GET /_sandbox/host-instances</c>: what each host instance is doing (address, phase, pids, memory, timings).</item>
    /// <item><c>POST /_sandbox/host-key</c> <c>{"instanceId":"i-..."}</c>: the instance's sshd presents new host keys
    /// (its console output keeps the old ones), as a man in the middle would.</item>
    /// </list>
    /// </summary>
    internal sealed class ControlEndpoint(AwsSandbox sandbox)
    {
        private const string Json = "application/json;charset=UTF-8";
        private static readonly JsonSerializerOptions HostJson = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        private readonly AwsSandbox _sandbox = sandbox;

        internal QueryResponse Handle(string method, string path, string body)
        {
            string route = path.Substring(SandboxHttpServer.ControlPathPrefix.Length).TrimEnd('/');
            try
            {
                switch (method + " " + route)
                {
                    case "GET state":
                        return new QueryResponse(200, _sandbox.GetStateJson(), Json);
                    case "POST reset":
                        string? scenario = Optional(Parse(body), "scenario");
                        _sandbox.Reset(scenario == null ? (SandboxScenario?)null : (SandboxScenario)Enum.Parse(typeof(SandboxScenario), scenario, ignoreCase: true));
                        return new QueryResponse(200, _sandbox.GetStateJson(), Json);
                    case "GET faults":
                        return new QueryResponse(200, FaultsJson(), Json);
                    case "POST faults":
                        AddFault(Parse(body));
                        return new QueryResponse(200, FaultsJson(), Json);
                    case "DELETE faults":
                        _sandbox.ClearFaults();
                        return new QueryResponse(200, FaultsJson(), Json);
                    case "POST target-health":
                        SetTargetHealth(Parse(body));
                        return new QueryResponse(200, "{}", Json);
                    case "GET requests":
                        return new QueryResponse(200, RequestsJson(), Json);
                    case "DELETE requests":
                        _sandbox.ClearRequests();
                        return new QueryResponse(200, RequestsJson(), Json);
                    case "GET host-instances":
                        return new QueryResponse(200, JsonSerializer.Serialize(_sandbox.GetHostInstances(), HostJson), Json);
                    case "POST host-key":
                        _sandbox.ChangeHostKey(Required(Parse(body), "instanceId"));
                        return new QueryResponse(200, JsonSerializer.Serialize(_sandbox.GetHostInstances(), HostJson), Json);
                    default:
                        return Problem(404, $"No sandbox control route '{method} {path}'. Routes: GET state, POST reset, GET|POST|DELETE faults, POST target-health, GET|DELETE requests, GET host-instances, POST host-key (under {SandboxHttpServer.ControlPathPrefix}).");
                }
            }
            catch (Exception ex) when (ex is ArgumentException || ex is JsonException || ex is FormatException || ex is InvalidOperationException || ex is KeyNotFoundException)
            {
                return Problem(400, ex.Message);
            }
            catch (AwsErrorException ex)
            {
                return Problem(400, $"{ex.Code}: {ex.Message}");
            }
        }

        private void AddFault(JsonElement fault)
        {
            string action = Required(fault, "action");
            string? service = Optional(fault, "service");
            if (Optional(fault, "errorCode") is string errorCode)
            {
                if (Double(fault, "rate") is double rate)
                {
                    if (fault.TryGetProperty("count", out _))
                    {
                        throw new ArgumentException("A fault has a 'count' (the next calls fail) or a 'rate' (calls fail at random), not both.");
                    }

                    _sandbox.FailRandomly(action, rate, errorCode, Int(fault, "httpStatus"), Optional(fault, "message"), service);
                }
                else
                {
                    _sandbox.FailNext(action, Int(fault, "count") ?? 1, errorCode, Int(fault, "httpStatus"), Optional(fault, "message"), service);
                }
            }

            if (Int(fault, "latencyMs") is int latency)
            {
                _sandbox.AddLatency(action, TimeSpan.FromMilliseconds(latency), service);
            }

            if (!fault.TryGetProperty("errorCode", out _) && !fault.TryGetProperty("latencyMs", out _))
            {
                throw new ArgumentException("A fault needs an 'errorCode' (with 'count' or 'rate') or a 'latencyMs'.");
            }
        }

        private void SetTargetHealth(JsonElement request)
        {
            string targetGroupArn = Required(request, "targetGroupArn");
            string targetId = Required(request, "targetId");
            int? port = Int(request, "port");
            string? state = Optional(request, "state");
            if (state == null)
            {
                _sandbox.ClearTargetHealth(targetGroupArn, targetId, port);
            }
            else
            {
                _sandbox.SetTargetHealth(targetGroupArn, targetId, state, Optional(request, "reason"), Optional(request, "description"), port);
            }
        }

        private string FaultsJson() => Write(json =>
        {
            json.WriteStartArray();
            foreach (SandboxFault fault in _sandbox.Faults)
            {
                json.WriteStartObject();
                json.WriteNumber("id", fault.Id);
                WriteOptional(json, "service", fault.Service);
                json.WriteString("action", fault.Action);
                WriteOptional(json, "errorCode", fault.ErrorCode);
                if (fault.ErrorCode != null)
                {
                    json.WriteNumber("httpStatus", fault.HttpStatus);
                    if (fault.Rate is double rate)
                    {
                        json.WriteNumber("rate", rate);
                    }
                    else
                    {
                        json.WriteNumber("remaining", fault.Remaining);
                    }

                    json.WriteNumber("failed", fault.Failed);
                }

                if (fault.Latency > TimeSpan.Zero)
                {
                    json.WriteNumber("latencyMs", (long)fault.Latency.TotalMilliseconds);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        });

        private string RequestsJson() => Write(json =>
        {
            json.WriteStartArray();
            foreach (SandboxRequest request in _sandbox.Requests)
            {
                json.WriteStartObject();
                json.WriteNumber("sequence", request.Sequence);
                json.WriteString("time", request.Time.UtcDateTime.ToString("o"));
                WriteOptional(json, "service", request.Service);
                WriteOptional(json, "action", request.Action);
                json.WriteNumber("httpStatus", request.HttpStatus);
                WriteOptional(json, "errorCode", request.ErrorCode);
                json.WriteBoolean("faultInjected", request.FaultInjected);
                WriteOptional(json, "accessKeyId", request.AccessKeyId);
                WriteOptional(json, "signingRegion", request.SigningRegion);
                json.WriteString("requestId", request.RequestId);
                json.WriteStartObject("parameters");
                foreach (string key in request.Parameters.Keys.OrderBy(k => k, StringComparer.Ordinal))
                {
                    json.WriteString(key, request.Parameters[key]);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });

        private static QueryResponse Problem(int status, string message) =>
            new QueryResponse(status, Write(json =>
            {
                json.WriteStartObject();
                json.WriteString("error", message);
                json.WriteEndObject();
            }), Json);

        private static JsonElement Parse(string body)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return default;
            }

            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("The request body must be a JSON object.");
            }

            return document.RootElement.Clone();
        }

        private static string Required(JsonElement element, string name) =>
            Optional(element, name) ?? throw new ArgumentException($"'{name}' is required.");

        private static string? Optional(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
                ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
                : null;

        private static int? Int(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number
                ? value.GetInt32()
                : (int?)null;

        private static double? Double(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number
                ? value.GetDouble()
                : (double?)null;

        private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
        {
            if (value != null)
            {
                json.WriteString(name, value);
            }
        }

        private static string Write(Action<Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                write(json);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
