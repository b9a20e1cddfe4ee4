using BlueGreen.Aws.ParameterStore;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// What the lock store and the history both work with: the Parameter Store, where the project's state lives in it,
    /// where to report, and the clock (whole milliseconds, UTC).
    /// </summary>
    internal sealed record DeploymentStateAccess(IParameterStore Store, DeploymentStateLocation Location, IOperationReporter Reporter, Func<DateTime> Clock);
}
