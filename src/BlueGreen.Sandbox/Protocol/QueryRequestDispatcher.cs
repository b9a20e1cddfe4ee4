using BlueGreen.Sandbox.Diagnostics;
using BlueGreen.Sandbox.Faults;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Services;

namespace BlueGreen.Sandbox.Protocol
{
    /// <summary>
    /// Turns one raw Query protocol request into a response: decodes the parameters (POST body and/or URL query), parses
    /// the SigV4 Authorization header, picks the service by <c>Version</c> (or the credential scope), applies injected
    /// latency and failures, runs the action and logs the outcome. Knows nothing of HTTP listeners.
    /// </summary>
    /// <param name="handled">Called after each request was answered (and before its response is sent): the data plane catches up.</param>
    internal sealed class QueryRequestDispatcher(IReadOnlyList<IAwsServiceHandler> services, Func<SandboxWorld> world, FaultInjector faults, RequestLog log, Action? handled = null)
    {
        private readonly IReadOnlyList<IAwsServiceHandler> _services = services;
        private readonly Func<SandboxWorld> _world = world;
        private readonly FaultInjector _faults = faults;
        private readonly RequestLog _log = log;
        private readonly Action? _handled = handled;

        internal async Task<QueryResponse> DispatchAsync(string? urlQuery, string? body, string? authorizationHeader, CancellationToken cancellation)
        {
            long sequence = _log.NextSequence();
            DateTimeOffset received = DateTimeOffset.UtcNow;
            string requestId = Guid.NewGuid().ToString("D");
            QueryParameters parameters = QueryParameters.ParseForm(urlQuery, body);
            SigV4Authorization? authorization = null;
            string? authorizationProblem = null;
            if (!string.IsNullOrWhiteSpace(authorizationHeader))
            {
                authorization = SigV4Authorization.TryParse(authorizationHeader!, out authorizationProblem);
            }

            var request = new QueryRequest(parameters, authorization, requestId);
            IAwsServiceHandler? service = _services.FirstOrDefault(s => s.ApiVersion == request.Version)
                ?? _services.FirstOrDefault(s => authorization != null && s.SigningName == authorization.Service);
            bool injected = false;
            QueryResponse response;
            if (service == null)
            {
                response = UnknownService(request, requestId);
            }
            else
            {
                try
                {
                    if (authorizationProblem != null)
                    {
                        throw new AwsErrorException("IncompleteSignature", authorizationProblem);
                    }

                    if (request.Version == null)
                    {
                        throw new AwsErrorException("MissingParameter", "The request must contain the parameter Version");
                    }

                    if (request.Version != service.ApiVersion)
                    {
                        throw new AwsErrorException("InvalidAction", $"The sandbox implements {service.SigningName} API version {service.ApiVersion}, not {request.Version}");
                    }

                    string action = request.Action ?? throw new AwsErrorException("MissingAction", "The request must contain the parameter Action");
                    TimeSpan latency = _faults.LatencyFor(service.SigningName, action);
                    if (latency > TimeSpan.Zero)
                    {
                        await Task.Delay(latency, cancellation).ConfigureAwait(false);
                    }

                    if (service.Actions.Contains(action) && _faults.TakeFailure(service.SigningName, action) is AwsErrorException fault)
                    {
                        injected = true;
                        throw fault;
                    }

                    response = service.Handle(request, _world());
                    _handled?.Invoke();
                }
                catch (AwsErrorException error)
                {
                    response = service.RenderError(error, requestId);
                }
            }

            response.RequestId = requestId;
            _log.Add(new SandboxRequest(sequence, DateTimeOffset.UtcNow, service?.SigningName, request.Action,
                parameters.Keys.ToDictionary(k => k, k => parameters[k]!, StringComparer.Ordinal),
                authorization?.AccessKeyId, authorization?.Region, response.HttpStatus, response.ErrorCode, injected, requestId, received));
            return response;
        }

        private QueryResponse UnknownService(QueryRequest request, string requestId)
        {
            string known = string.Join(", ", _services.Select(s => $"{s.SigningName} (Version={s.ApiVersion})"));
            string message = $"The sandbox cannot tell which service this request is for (Version={request.Version ?? "none"}, credential scope service={request.Authorization?.Service ?? "none"}). It speaks {known}.";
            using var xml = new XmlDocumentWriter("ErrorResponse", string.Empty);
            xml.Start("Error");
            xml.Element("Type", "Sender");
            xml.Element("Code", "InvalidAction");
            xml.Element("Message", message);
            xml.End();
            xml.Element("RequestId", requestId);
            return new QueryResponse(400, xml.Finish(), errorCode: "InvalidAction");
        }
    }
}
