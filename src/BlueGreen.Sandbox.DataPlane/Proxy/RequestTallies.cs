namespace BlueGreen.Sandbox.DataPlane.Proxy
{
    /// <summary>
    /// What the requests served add up to, per listener, target group and second, until the sandbox takes them
    /// (<see cref="Drain"/>): the raw material of the sandbox's AWS/ApplicationELB metrics. Thread-safe.
    /// </summary>
    internal sealed class RequestTallies
    {
        /// <summary>Response times kept per tally; beyond it a second's percentiles come from its first answers.</summary>
        private const int MaxTimes = 5000;

        private readonly object _gate = new object();
        private readonly Func<DateTimeOffset> _clock;
        private Dictionary<(string Listener, string? Group, long Second), RequestTally> _open = new Dictionary<(string, string?, long), RequestTally>();

        internal RequestTallies(Func<DateTimeOffset>? clock = null)
        {
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        /// <summary>A response a target gave (its status, and how long it took to its headers).</summary>
        internal void Target(string listenerArn, string targetGroupArn, int status, TimeSpan responseTime)
        {
            lock (_gate)
            {
                RequestTally tally = Of(listenerArn, targetGroupArn);
                tally.Requests++;
                tally.TargetCodes[Math.Clamp(status / 100 - 2, 0, 3)]++;
                if (tally.ResponseTimes.Count < MaxTimes)
                {
                    tally.ResponseTimes.Add(Math.Round(responseTime.TotalSeconds, 6));
                }
            }
        }

        /// <summary>A response the load balancer made itself (<paramref name="targetGroupArn"/>: the group it meant to forward to, if any).</summary>
        internal void LoadBalancer(string listenerArn, string? targetGroupArn, int status)
        {
            lock (_gate)
            {
                RequestTally tally = Of(listenerArn, targetGroupArn);
                tally.Requests++;
                if (status >= 500)
                {
                    tally.Elb5xx++;
                }
                else if (status >= 400)
                {
                    tally.Elb4xx++;
                }
            }
        }

        /// <summary>Everything counted since the last drain, oldest second first; empty when nothing was served.</summary>
        internal List<RequestTally> Drain()
        {
            Dictionary<(string, string?, long), RequestTally> taken;
            lock (_gate)
            {
                taken = _open;
                _open = new Dictionary<(string, string?, long), RequestTally>();
            }

            return taken.Values.OrderBy(t => t.Second).ToList();
        }

        private RequestTally Of(string listenerArn, string? targetGroupArn)
        {
            long second = _clock().ToUnixTimeSeconds();
            if (!_open.TryGetValue((listenerArn, targetGroupArn, second), out RequestTally? tally))
            {
                tally = new RequestTally { ListenerArn = listenerArn, TargetGroupArn = targetGroupArn, Second = second };
                _open[(listenerArn, targetGroupArn, second)] = tally;
            }

            return tally;
        }
    }
}
