using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>
    /// The HTTP layer under the SDK's pipeline in these tests: records every request the SDK sends and answers with the
    /// queued responses in order (the last one repeats). Nothing leaves the process.
    /// </summary>
    internal sealed class RecordingHttpHandler : HttpMessageHandler
    {
        private readonly ConcurrentQueue<(HttpStatusCode Status, string Body)> _responses = new ConcurrentQueue<(HttpStatusCode, string)>();
        private (HttpStatusCode Status, string Body) _last = (HttpStatusCode.OK, string.Empty);

        internal List<RecordedRequest> Requests { get; } = new List<RecordedRequest>();

        internal RecordingHttpHandler Respond(string xml, HttpStatusCode status = HttpStatusCode.OK)
        {
            _responses.Enqueue((status, xml));
            return this;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = request.Content == null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            var headers = new Dictionary<string, string>(System.StringComparer.OrdinalIgnoreCase);
            foreach (var header in request.Headers)
            {
                headers[header.Key] = string.Join(",", header.Value);
            }

            if (request.Content != null)
            {
                foreach (var header in request.Content.Headers)
                {
                    headers[header.Key] = string.Join(",", header.Value);
                }
            }

            lock (Requests)
            {
                Requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!, headers, body));
            }

            if (_responses.TryDequeue(out var next))
            {
                _last = next;
            }

            return new HttpResponseMessage(_last.Status)
            {
                Content = new StringContent(_last.Body, Encoding.UTF8, "text/xml"),
                Headers = { { "x-amzn-RequestId", "11111111-2222-3333-4444-555555555555" } },
            };
        }
    }
}
