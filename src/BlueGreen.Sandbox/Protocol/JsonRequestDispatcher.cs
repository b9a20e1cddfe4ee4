using System.Text.Json;
using BlueGreen.Sandbox.Diagnostics;
using BlueGreen.Sandbox.Faults;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Services;

namespace BlueGreen.Sandbox.Protocol
{
    /// <summary>
    /// Turns one raw AWS JSON 1.0/1.1 request (<c>POST /</c>, <c>X-Amz-Target: AmazonSSM.PutParameter</c>,
    /// <c>Content-Type: application/x-amz-json-1.1</c>) into a response: picks the service by the target's prefix (or the
    /// SigV4 credential scope), applies injected latency and failures, runs the operation, renders errors as
    /// <c>{"__type":"ParameterNotFound","message":"..."}</c> with their HTTP status and logs the outcome. Knows nothing of
    /// HTTP listeners; the Query protocol has its own dispatcher (<see cref="QueryRequestDispatcher"/>).
    /// </summary>
    internal sealed class JsonRequestDispatcher(IReadOnlyList<IJsonServiceHandler> services, Func<SandboxWorld> world, FaultInjector faults, RequestLog log)
    {
        internal const string ContentType = "application/x-amz-json-1.1";

        private readonly IReadOnlyList<IJsonServiceHandler> _services = services;
        private readonly Func<SandboxWorld> _world = world;
        private readonly FaultInjector _faults = faults;
        private readonly RequestLog _log = log;

        /// <summary>Whether a request is for this protocol: it names a JSON target or sends a JSON protocol content type.</summary>
        internal static bool Accepts(string? target, string? contentType) =>
            !string.IsNullOrEmpty(target)
            || (contentType != null && contentType.StartsWith("application/x-amz-json-", StringComparison.OrdinalIgnoreCase));

        internal async Task<QueryResponse> DispatchAsync(string? target, string? body, string? authorizationHeader, CancellationToken cancellation)
        {
            long sequence = _log.NextSequence();
            DateTimeOffset received = DateTimeOffset.UtcNow;
            string requestId = Guid.NewGuid().ToString("D");
            SigV4Authorization? authorization = null;
            string? authorizationProblem = null;
            if (!string.IsNullOrWhiteSpace(authorizationHeader))
            {
                authorization = SigV4Authorization.TryParse(authorizationHeader!, out authorizationProblem);
            }

            int dot = target?.LastIndexOf('.') ?? -1;
            string? prefix = dot > 0 ? target!.Substring(0, dot) : null;
            string? operation = dot > 0 && dot < target!.Length - 1 ? target.Substring(dot + 1) : null;
            IJsonServiceHandler? service = _services.FirstOrDefault(s => s.TargetPrefix == prefix)
                ?? _services.FirstOrDefault(s => authorization != null && s.SigningName == authorization.Service);
            JsonElement parsed = default;
            bool injected = false;
            QueryResponse response;
            try
            {
                if (service == null)
                {
                    string known = string.Join(", ", _services.Select(s => $"{s.SigningName} ({s.TargetPrefix}.<Operation>)"));
                    throw new AwsErrorException("UnknownOperationException",
                        $"The sandbox cannot tell which service this JSON request is for (X-Amz-Target={target ?? "none"}, credential scope service={authorization?.Service ?? "none"}). It speaks {known}.");
                }

                if (authorizationProblem != null)
                {
                    throw new AwsErrorException("IncompleteSignatureException", authorizationProblem);
                }

                if (prefix != service.TargetPrefix || operation == null)
                {
                    throw new AwsErrorException("UnknownOperationException",
                        $"The request must name the operation in the X-Amz-Target header as {service.TargetPrefix}.<Operation> (got {target ?? "none"}).");
                }

                parsed = JsonRequest.ParseBody(body);
                TimeSpan latency = _faults.LatencyFor(service.SigningName, operation);
                if (latency > TimeSpan.Zero)
                {
                    await Task.Delay(latency, cancellation).ConfigureAwait(false);
                }

                if (!service.Operations.Contains(operation))
                {
                    throw new AwsErrorException("UnknownOperationException",
                        $"The sandbox does not implement {target}. It implements {string.Join(", ", service.Operations.Select(o => service.TargetPrefix + "." + o))}.");
                }

                if (_faults.TakeFailure(service.SigningName, operation) is AwsErrorException fault)
                {
                    injected = true;
                    throw fault;
                }

                string result = service.Handle(new JsonRequest(operation, parsed, authorization, requestId), _world());
                response = new QueryResponse(200, result, service.ContentType);
            }
            catch (AwsErrorException error)
            {
                response = Error(error, service?.ContentType ?? ContentType);
            }

            response.RequestId = requestId;
            _log.Add(new SandboxRequest(sequence, DateTimeOffset.UtcNow, service?.SigningName, operation, LoggedMembers(service, parsed),
                authorization?.AccessKeyId, authorization?.Region, response.HttpStatus, response.ErrorCode, injected, requestId, received));
            return response;
        }

        /// <summary>The error body every AWS JSON 1.1 service sends: the code as <c>__type</c> and a <c>message</c>.</summary>
        internal static QueryResponse Error(AwsErrorException error, string contentType = ContentType) =>
            new QueryResponse(error.HttpStatus, JsonBody.Write(json =>
            {
                json.WriteStartObject();
                json.WriteString("__type", error.Code);
                json.WriteString("message", error.Message);
                json.WriteEndObject();
            }), contentType, error.Code);

        /// <summary>The body's top-level members for the request log: strings as they are, other values as JSON text, secrets masked.</summary>
        private static IReadOnlyDictionary<string, string> LoggedMembers(IJsonServiceHandler? service, JsonElement body)
        {
            var members = new Dictionary<string, string>(StringComparer.Ordinal);
            if (body.ValueKind != JsonValueKind.Object)
            {
                return members;
            }

            foreach (JsonProperty member in body.EnumerateObject())
            {
                members[member.Name] = service != null && service.IsSecret(body, member.Name) ? "***"
                    : member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString()! : member.Value.GetRawText();
            }

            return members;
        }
    }
}
