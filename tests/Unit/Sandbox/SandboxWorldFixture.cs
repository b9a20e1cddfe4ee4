using System;
using BlueGreen.Sandbox;
using BlueGreen.Sandbox.Model;

namespace BlueGreen.Tests.Unit.Sandbox
{
    /// <summary>A sandbox world on a clock the test moves, without HTTP.</summary>
    internal sealed class SandboxWorldFixture
    {
        internal SandboxWorldFixture(SandboxScenario scenario = SandboxScenario.Empty)
        {
            Now = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
            var options = new SandboxOptions { Scenario = scenario, RandomSeed = 42, Clock = () => Now };
            var ids = new ResourceIdGenerator(options.RandomSeed);
            World = new SandboxWorld(options, new SandboxNetwork(options.Region, options.AccountId, ids), ids);
            if (scenario == SandboxScenario.Demo)
            {
                DemoScenario.Seed(World);
            }
        }

        internal DateTimeOffset Now { get; set; }

        internal SandboxWorld World { get; }

        internal void Advance(TimeSpan time) => Now += time;
    }
}
