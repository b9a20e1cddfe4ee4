using BlueGreen.Aws;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Traffic;

namespace BlueGreen.PowerShell.Cmdlets.Traffic
{
    /// <summary>The project's two target groups: role, share of traffic, targets and health, and what forwards to them.</summary>
    [Cmdlet(VerbsCommon.Get, "BgTargetGroup")]
    [OutputType(typeof(ProjectTargetGroup))]
    public sealed class GetBgTargetGroupCommand : BgProjectCmdlet
    {
        /// <summary>Only the group with this role (Live, Idle or Split).</summary>
        [Parameter]
        public TargetGroupRole? Role { get; set; }

        protected override void EndProcessing()
        {
            var config = ProjectConfiguration;
            var connection = ProjectConnection;
            TrafficState state = RunEngine(async context =>
            {
                using IElasticLoadBalancingV2 elb = new AwsClientFactory(connection, context.Reporter).CreateElasticLoadBalancingV2();
                return await new TrafficStateReader(elb, context.Reporter).ReadAsync(config, context.Cancellation).ConfigureAwait(false);
            });

            foreach (ProjectTargetGroup group in state.Groups.Where(g => Role == null || g.Role == Role).OrderByDescending(g => g.Weight).ThenBy(g => g.Name))
            {
                WriteObject(group);
            }
        }
    }
}
