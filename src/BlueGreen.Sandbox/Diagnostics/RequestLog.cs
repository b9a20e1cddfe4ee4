namespace BlueGreen.Sandbox.Diagnostics
{
    /// <summary>The requests the sandbox answered, in order (thread-safe).</summary>
    internal sealed class RequestLog
    {
        private readonly List<SandboxRequest> _requests = new List<SandboxRequest>();
        private readonly object _gate = new object();
        private long _sequence;

        internal IReadOnlyList<SandboxRequest> Requests
        {
            get
            {
                lock (_gate)
                {
                    return _requests.OrderBy(r => r.Sequence).ToList();
                }
            }
        }

        internal long NextSequence()
        {
            lock (_gate)
            {
                return ++_sequence;
            }
        }

        internal void Add(SandboxRequest request)
        {
            lock (_gate)
            {
                _requests.Add(request);
            }
        }

        internal void Clear()
        {
            lock (_gate)
            {
                _requests.Clear();
                _sequence = 0;
            }
        }
    }
}
