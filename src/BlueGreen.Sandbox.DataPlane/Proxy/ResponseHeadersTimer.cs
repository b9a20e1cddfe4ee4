using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace BlueGreen.Sandbox.DataPlane.Proxy
{
    /// <summary>
    /// TargetResponseTime as ALB measures it: from the moment the request goes to the target to the target's response
    /// headers (here: when the response starts); until they come, the time so far.
    /// </summary>
    internal sealed class ResponseHeadersTimer
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private TimeSpan? _headers;

        internal ResponseHeadersTimer(HttpContext context)
        {
            context.Response.OnStarting(() =>
            {
                _headers ??= _watch.Elapsed;
                return Task.CompletedTask;
            });
        }

        internal TimeSpan Elapsed => _headers ?? _watch.Elapsed;
    }
}
