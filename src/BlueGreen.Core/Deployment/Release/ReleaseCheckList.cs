using BlueGreen.Smoke;
using BlueGreen.Traffic;

namespace BlueGreen.Deployment
{
    /// <summary>The user's -BeforeSwitch and -AfterSwitch checks, run in order with the release's context.</summary>
    internal static class ReleaseCheckList
    {
        /// <summary>Runs the checks in order; the first failure (false, a reason, or a throw) is returned, null when all pass.</summary>
        internal static async Task<string?> RunAsync(ReleaseContext c, string phase, IReadOnlyList<ReleaseCheck> checks, CancellationToken cancellationToken)
        {
            if (checks.Count == 0)
            {
                return null;
            }

            ReleaseServices release = c.Release;
            TrafficState state = await release.Machines.ReadTrafficAsync(cancellationToken).ConfigureAwait(false);
            Uri? site = release.Config.Smoke.BaseUrl;
            string headerValue = "1";
            string? host = null;
            try
            {
                PreviewEndpoint endpoint = PreviewEndpoint.From(state, state.LoadBalancerDnsName, release.Config.Smoke.BaseUrl);
                site = endpoint.BaseAddress;
                headerValue = endpoint.HeaderValue;
                host = endpoint.Host;
            }
            catch (BlueGreenException)
            {
                // No preview route: the checks get no preview URL.
            }

            Uri? preview = phase == "BeforeSwitch" ? site : null;
            var context = new ReleaseCheckContext(phase, c.Record, c.NewMachines, state.Group(c.ToArn), state.Group(c.FromArn), state.LoadBalancerDnsName, preview, site, host) { PreviewHeaderValue = headerValue };
            foreach (ReleaseCheck check in checks)
            {
                string? why;
                try
                {
                    why = await check.Run(context, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C stops a running scriptblock with PipelineStoppedException: a stop, not a failed check.
                    throw new OperationCanceledException("Stopped while a check ran.", ex, cancellationToken);
                }
                catch (Exception ex)
                {
                    why = "it threw: " + ReleaseServices.FirstLine(ex.Message);
                }

                if (why != null)
                {
                    return $"The {phase} check {check.Name} failed: {why}.";
                }

                release.Reporter.Verbose($"{phase} check {check.Name} passed.");
            }

            return null;
        }
    }
}
