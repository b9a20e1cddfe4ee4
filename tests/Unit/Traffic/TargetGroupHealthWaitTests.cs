using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Diagnostics;
using BlueGreen.Traffic;
using Xunit;
using static BlueGreen.Tests.Unit.Traffic.TrafficStateBuilder;

namespace BlueGreen.Tests.Unit.Traffic
{
    public class TargetGroupHealthWaitTests
    {
        [Fact]
        public async Task Returns_the_first_state_in_which_every_idle_target_is_healthy()
        {
            var states = new Queue<TrafficState>(new[]
            {
                new TrafficStateBuilder().Route(80, null, ForwardTo(Blue)).GreenTargets("initial", "initial").Build(),
                new TrafficStateBuilder().Route(80, null, ForwardTo(Blue)).GreenTargets("healthy", "initial").Build(),
                new TrafficStateBuilder().Route(80, null, ForwardTo(Blue)).GreenTargets("healthy", "healthy").Build(),
            });
            int reads = 0;
            var wait = new TargetGroupHealthWait(NullOperationReporter.Instance) { PollInterval = TimeSpan.FromMilliseconds(10) };

            TrafficState state = await wait.WaitForIdleAsync(_ => { reads++; return Task.FromResult(states.Dequeue()); }, TimeSpan.FromSeconds(30), CancellationToken.None);

            Assert.Equal(3, reads);
            Assert.Equal(2, state.Idle.HealthyCount);
        }

        [Theory]
        [InlineData(new[] { "unhealthy" }, "i-green0 unhealthy (Target.ResponseCodeMismatch)")]
        [InlineData(new string[0], "none is registered")]
        public async Task Gives_up_after_the_timeout_naming_what_is_not_healthy(string[] greenStates, string expected)
        {
            TrafficState state = new TrafficStateBuilder().Route(80, null, ForwardTo(Blue)).GreenTargets(greenStates).Build();
            var wait = new TargetGroupHealthWait(NullOperationReporter.Instance) { PollInterval = TimeSpan.FromMilliseconds(20) };

            var error = await Assert.ThrowsAsync<BlueGreenException>(() => wait.WaitForIdleAsync(_ => Task.FromResult(state), TimeSpan.FromMilliseconds(200), CancellationToken.None));

            Assert.Equal("HealthTimeout", error.ErrorId);
            Assert.Equal(FailureCategory.OperationTimeout, error.Category);
            Assert.Contains(expected, error.Message);
            Assert.Contains("Nothing was switched", error.Message);
        }

        [Fact]
        public async Task Stops_when_cancelled()
        {
            TrafficState state = new TrafficStateBuilder().Route(80, null, ForwardTo(Blue)).GreenTargets("initial").Build();
            var wait = new TargetGroupHealthWait(NullOperationReporter.Instance) { PollInterval = TimeSpan.FromSeconds(30) };
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitForIdleAsync(_ => Task.FromResult(state), TimeSpan.FromMinutes(5), cancellation.Token));
        }
    }
}
