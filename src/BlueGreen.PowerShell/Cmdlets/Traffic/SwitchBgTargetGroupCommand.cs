using System.Management.Automation;
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

        protected override void EndProcessing()
        {
            var config = ProjectConfiguration;
            var connection = ProjectConnection;
            int weight = Weight;
            bool force = Force;
            RunEngine(async context =>
            {
                using IElasticLoadBalancingV2 elb = new FailureTranslatingElasticLoadBalancingV2(new AwsClientFactory(connection, context.Reporter).CreateElasticLoadBalancingV2());
                var reader = new TrafficStateReader(elb, context.Reporter);
                TrafficState state = await reader.ReadAsync(config, context.Cancellation).ConfigureAwait(false);
                TargetGroupSwitchPlan plan = TargetGroupSwitchPlanner.Plan(state, weight);
                var switcher = new TargetGroupSwitcher(elb, context.Reporter);
                foreach (RouteChange change in await switcher.ExecuteAsync(plan, context.Approval, force, token => reader.ReadAsync(config, token), context.Cancellation).ConfigureAwait(false))
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
