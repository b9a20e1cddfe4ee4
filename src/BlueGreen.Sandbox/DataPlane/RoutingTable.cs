// This file is compiled into both the sandbox (which writes the table) and the data plane process (which reads it):
// one contract for the JSON lines they exchange over the child's stdin/stdout.
namespace BlueGreen.Sandbox.DataPlane
{
    /// <summary>
    /// One JSON line from the sandbox to the data plane: <c>configure</c> first, then <c>table</c> whenever it changes,
    /// and <c>flush</c> when the sandbox wants every request counted so far (the metrics line comes before the ready).
    /// </summary>
    internal sealed class ParentMessage
    {
        public string Type { get; set; } = string.Empty;

        public long Version { get; set; }

        /// <summary>For configure: the PFX HTTPS listeners serve, and its password.</summary>
        public string? CertificatePath { get; set; }

        public string? CertificatePassword { get; set; }

        public RoutingTable? Table { get; set; }
    }

    /// <summary>
    /// One JSON line from the data plane: <c>ready</c> (a table applied, with the local port of each listener, or a
    /// flush done), <c>error</c>, or <c>metrics</c> (what the requests served since the last such line added up to).
    /// </summary>
    internal sealed class ChildMessage
    {
        public string Type { get; set; } = string.Empty;

        public long Version { get; set; }

        public List<ListenerBinding> Bindings { get; set; } = new List<ListenerBinding>();

        public string? Message { get; set; }

        public List<RequestTally>? Metrics { get; set; }
    }

    /// <summary>
    /// The requests one listener served in one second of wall-clock time (Unix seconds), for one target group (null:
    /// answered by the load balancer itself, without a group: a fixed response, a redirect, no group to forward to).
    /// Counts add up across lines: the data plane sends each request once.
    /// </summary>
    internal sealed class RequestTally
    {
        public string ListenerArn { get; set; } = string.Empty;

        public string? TargetGroupArn { get; set; }

        public long Second { get; set; }

        public int Requests { get; set; }

        /// <summary>Responses of the targets by class: index 0 for 2xx ... 3 for 5xx (1xx counted as 2xx).</summary>
        public int[] TargetCodes { get; set; } = new int[4];

        /// <summary>Responses the load balancer generated itself (fixed responses, 502/503/504 without a target answer): 4xx, 5xx.</summary>
        public int Elb4xx { get; set; }

        public int Elb5xx { get; set; }

        /// <summary>Seconds from sending the request to a target to its response headers, one per target answer.</summary>
        public List<double> ResponseTimes { get; set; } = new List<double>();
    }

    /// <summary>Where a listener answers locally.</summary>
    internal sealed class ListenerBinding
    {
        public string ListenerArn { get; set; } = string.Empty;

        public int LocalPort { get; set; }
    }

    /// <summary>Everything the data plane needs to answer requests: listeners with their rules, and the groups they forward to.</summary>
    internal sealed class RoutingTable
    {
        public List<RoutedListener> Listeners { get; set; } = new List<RoutedListener>();

        public List<RoutedTargetGroup> TargetGroups { get; set; } = new List<RoutedTargetGroup>();
    }

    internal sealed class RoutedListener
    {
        public string Arn { get; set; } = string.Empty;

        /// <summary>HTTP or HTTPS.</summary>
        public string Protocol { get; set; } = "HTTP";

        /// <summary>The listener's port on the load balancer (X-Forwarded-Port, #{port}), not the local one.</summary>
        public int Port { get; set; }

        /// <summary>Rules in priority order (lowest first); the default actions last, as <see cref="DefaultAction"/>.</summary>
        public List<RoutedRule> Rules { get; set; } = new List<RoutedRule>();

        public RoutedAction DefaultAction { get; set; } = new RoutedAction();
    }

    internal sealed class RoutedRule
    {
        public int Priority { get; set; }

        public List<RoutedCondition> Conditions { get; set; } = new List<RoutedCondition>();

        public RoutedAction Action { get; set; } = new RoutedAction();
    }

    /// <summary>A rule condition as the sandbox stores it (field names as in ELBv2).</summary>
    internal sealed class RoutedCondition
    {
        public string Field { get; set; } = string.Empty;

        public List<string> Values { get; set; } = new List<string>();

        public string? HttpHeaderName { get; set; }

        /// <summary>For query-string: key (null: any key) and value patterns.</summary>
        public List<QueryStringPair> QueryStrings { get; set; } = new List<QueryStringPair>();
    }

    internal sealed class QueryStringPair
    {
        public string? Key { get; set; }

        public string Value { get; set; } = string.Empty;
    }

    /// <summary>The terminal action of a rule: forward, redirect or fixed-response (authenticate actions are passed over).</summary>
    internal sealed class RoutedAction
    {
        public string Type { get; set; } = "fixed-response";

        public List<WeightedGroup> TargetGroups { get; set; } = new List<WeightedGroup>();

        public string? RedirectProtocol { get; set; }

        public string? RedirectPort { get; set; }

        public string? RedirectHost { get; set; }

        public string? RedirectPath { get; set; }

        public string? RedirectQuery { get; set; }

        /// <summary>Redirect: HTTP_301 or HTTP_302; fixed-response: the status code, e.g. 503.</summary>
        public string? StatusCode { get; set; }

        public string? ContentType { get; set; }

        public string? MessageBody { get; set; }
    }

    internal sealed class WeightedGroup
    {
        public string TargetGroupArn { get; set; } = string.Empty;

        public int Weight { get; set; }
    }

    internal sealed class RoutedTargetGroup
    {
        public string Arn { get; set; } = string.Empty;

        /// <summary>HTTP or HTTPS: how the data plane talks to the targets.</summary>
        public string Protocol { get; set; } = "HTTP";

        /// <summary>Registered targets that may get new requests (not draining, not deregistered, instance running).</summary>
        public List<RoutedTarget> Targets { get; set; } = new List<RoutedTarget>();
    }

    internal sealed class RoutedTarget
    {
        public string Id { get; set; } = string.Empty;

        public int Port { get; set; }

        /// <summary><c>127.x.y.z:port</c> when the target is on this machine's loopback; null for a simulated machine (answers 502).</summary>
        public string? Address { get; set; }

        public bool Healthy { get; set; }
    }
}
