using System;
using BlueGreen.Deployment;
using BlueGreen.Tests.Unit.Aws;

namespace BlueGreen.Tests.Unit.Deployment
{
    /// <summary>A project's deployment state on an in-memory store, with a clock the test moves.</summary>
    internal sealed class StateFixture
    {
        internal StateFixture(int historyLimit = 20, string project = "shop", string? prefix = null, string operatorName = "alice@laptop")
        {
            Location = DeploymentStateLocation.For(project, prefix);
            State = new DeploymentState(Store, Location, historyLimit, Reporter, () => Now, operatorName);
        }

        internal InMemoryParameterStore Store { get; } = new InMemoryParameterStore();

        internal RecordingReporter Reporter { get; } = new RecordingReporter();

        internal DateTime Now { get; set; } = new DateTime(2026, 12, 1, 8, 53, 0, DateTimeKind.Utc);

        internal DeploymentStateLocation Location { get; }

        internal DeploymentState State { get; }

        /// <summary>Another operator on another machine, on the same store.</summary>
        internal DeploymentState Other(string operatorName = "bob@ci-runner") =>
            new DeploymentState(Store, Location, State.HistoryLimit, Reporter, () => Now, operatorName);

        internal void Advance(TimeSpan by) => Now = Now + by;
    }
}
