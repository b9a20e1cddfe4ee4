using BlueGreen.Aws;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Traffic;

namespace BlueGreen.PowerShell.Cmdlets.Traffic
{
    /// <summary>
    /// Prepares a load balancer as the seed's scripts leave it (one target group serving) for BlueGreen: the second
    /// group as a copy of the first, the project's tags on both, a preview rule on each forwarding listener. Every
    /// check runs before the first change; one ShouldProcess per change; a second run changes nothing.
    /// </summary>
    [Cmdlet(VerbsData.Initialize, "BgLoadBalancer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LoadBalancerPreparationItem))]
    public sealed class InitializeBgLoadBalancerCommand : BgProjectCmdlet
    {
        protected override void EndProcessing()
        {
            var config = ProjectConfiguration;
            var connection = ProjectConnection;
            RunEngine(async context =>
            {
                using IElasticLoadBalancingV2 elb = new AwsClientFactory(connection, context.Reporter).CreateElasticLoadBalancingV2();
                var preparation = new LoadBalancerPreparation(elb, context.Reporter);
                LoadBalancerPreparationPlan plan = await preparation.PlanAsync(config, context.Cancellation).ConfigureAwait(false);
                foreach (LoadBalancerPreparationItem item in await preparation.ApplyAsync(plan, context.Approval, context.Cancellation).ConfigureAwait(false))
                {
                    context.Emit(item);
                }
            });
        }
    }
}
