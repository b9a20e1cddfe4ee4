using BlueGreen.Aws;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Traffic;

namespace BlueGreen.PowerShell.Cmdlets.Traffic
{
    /// <summary>
    /// Makes the idle target group live (or, with -Weight, sends it that share of traffic). Rewrites only the
    /// listener default actions and rules that forward to the project's groups, one ShouldProcess each, then
    /// reads the load balancer back and fails if anything does not point where it should.
    /// </summary>
    [Cmdlet(VerbsCommon.Switch, "BgTargetGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RouteChange))]
    public sealed class SwitchBgTargetGroupCommand : BgProjectCmdlet
    {
        /// <summary>Percent of traffic for the idle group (canary). Default 100: the idle group becomes live.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int Weight { get; set; } = 100;

        /// <summary>Switch even when the idle group has no healthy target.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Wait until every target of the idle group is healthy before switching.</summary>
        [Parameter]
        public SwitchParameter WaitForHealthy { get; set; }

        /// <summary>How long -WaitForHealthy waits; default: HealthTimeoutSeconds of the project (300).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int? HealthTimeoutSec { get; set; }

        protected override void EndProcessing()
        {
            var config = ProjectConfiguration;
            var connection = ProjectConnection;
            int weight = Weight;
            bool force = Force;
            TimeSpan? healthTimeout = WaitForHealthy ? TimeSpan.FromSeconds(HealthTimeoutSec ?? (int)config.HealthTimeout.TotalSeconds) : (TimeSpan?)null;
            RunEngine(async context =>
            {
                using IElasticLoadBalancingV2 elb = new AwsClientFactory(connection, context.Reporter).CreateElasticLoadBalancingV2();
                var reader = new TrafficStateReader(elb, context.Reporter);
                TrafficState state = healthTimeout.HasValue
                    ? await new TargetGroupHealthWait(context.Reporter).WaitForIdleAsync(token => reader.ReadAsync(config, token), healthTimeout.Value, context.Cancellation).ConfigureAwait(false)
                    : await reader.ReadAsync(config, context.Cancellation).ConfigureAwait(false);
                TargetGroupSwitchPlan plan = TargetGroupSwitchPlanner.Plan(state, weight);
                var switcher = new TargetGroupSwitcher(elb, context.Reporter);
                foreach (RouteChange change in await switcher.ExecuteAsync(plan, context.Approval, force, context.Cancellation).ConfigureAwait(false))
                {
                    if (change.Status == RouteChangeStatus.Applied)
                    {
                        context.Emit(change);
                    }
                }
            });
        }
    }
}
