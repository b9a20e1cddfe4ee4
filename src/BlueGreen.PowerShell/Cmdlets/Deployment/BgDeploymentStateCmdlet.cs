using BlueGreen.Aws;
using BlueGreen.Aws.ParameterStore;
using BlueGreen.Deployment;

namespace BlueGreen.PowerShell.Cmdlets.Deployment
{
    /// <summary>
    /// Base of the cmdlets that read or change the project's deployment state in SSM Parameter Store (the lock and the
    /// history). Only the project name is needed: -Project without a project file is enough.
    /// </summary>
    public abstract class BgDeploymentStateCmdlet : BgProjectCmdlet
    {
        protected override bool RequiresLoadBalancer => false;

        /// <summary>Where the state lives, from the project (State.Prefix) or the default /bluegreen/&lt;project&gt;/.</summary>
        protected DeploymentStateLocation StateLocation
        {
            get
            {
                try
                {
                    return DeploymentStateLocation.For(ProjectConfiguration.Project, ProjectConfiguration.State.Prefix);
                }
                catch (BlueGreen.Diagnostics.BlueGreenException ex)
                {
                    ThrowTerminatingError(ToErrorRecord(ex));
                    throw;
                }
            }
        }

        /// <summary>Runs <paramref name="work"/> on the project's deployment state, through an SSM client for this invocation.</summary>
        protected T RunState<T>(Func<DeploymentState, EngineContext, Task<T>> work)
        {
            var config = ProjectConfiguration;
            var connection = ProjectConnection;
            DeploymentStateLocation location = StateLocation;
            return RunEngine(async context =>
            {
                using SsmParameterStore store = new AwsClientFactory(connection, context.Reporter).CreateSsmParameterStore();
                var state = new DeploymentState(store, location, config.State.HistoryLimit, context.Reporter);
                return await work(state, context).ConfigureAwait(false);
            });
        }
    }
}
