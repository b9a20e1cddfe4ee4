using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Machines;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines
{
    public sealed class ParallelLaunchSchedulerTests
    {
        [Fact]
        public async Task Never_runs_more_than_the_bound_at_once()
        {
            int running = 0;
            int peak = 0;
            var boundReached = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            IReadOnlyList<LaunchOutcome<int>> outcomes = await ParallelLaunchScheduler.RunAsync(10, 3, async (index, token) =>
            {
                int now = Interlocked.Increment(ref running);
                lock (PeakLock)
                {
                    peak = Math.Max(peak, now);
                }

                if (now == 3)
                {
                    boundReached.TrySetResult(true);
                }

                // The first launches hold until three run at once (however slow the machine), so the peak is exact;
                // a scheduler that allowed a fourth would show it while they hold.
                await Task.WhenAny(boundReached.Task, Task.Delay(TimeSpan.FromSeconds(10), token));
                await Task.Delay(30, token);
                Interlocked.Decrement(ref running);
                return index * 2;
            }, CancellationToken.None);

            Assert.Equal(3, peak);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 2), outcomes.Select(o => o.Value));
            Assert.All(outcomes, o => Assert.True(o.IsSuccess));
        }

        private static readonly object PeakLock = new object();

        [Fact]
        public async Task Launches_in_parallel_take_about_as_long_as_one()
        {
            var clock = Stopwatch.StartNew();
            await ParallelLaunchScheduler.RunAsync(8, 8, async (index, token) =>
            {
                await Task.Delay(300, token);
                return index;
            }, CancellationToken.None);
            Assert.InRange(clock.ElapsedMilliseconds, 280, 2000); // sequential would take 2400 ms
        }

        [Fact]
        public async Task One_failure_does_not_stop_the_others()
        {
            IReadOnlyList<LaunchOutcome<string>> outcomes = await ParallelLaunchScheduler.RunAsync(4, 2, async (index, token) =>
            {
                await Task.Yield();
                if (index == 1)
                {
                    throw new InvalidOperationException("boom");
                }

                return "m" + index;
            }, CancellationToken.None);

            Assert.Equal(new[] { true, false, true, true }, outcomes.Select(o => o.IsSuccess));
            Assert.Equal("boom", outcomes[1].Error!.Message);
            Assert.Equal(new[] { 0, 1, 2, 3 }, outcomes.Select(o => o.Index));
        }

        [Fact]
        public async Task Queued_launches_are_not_started_after_cancellation()
        {
            using var cancellation = new CancellationTokenSource();
            int started = 0;
            IReadOnlyList<LaunchOutcome<int>> outcomes = await ParallelLaunchScheduler.RunAsync(5, 1, async (index, token) =>
            {
                Interlocked.Increment(ref started);
                cancellation.Cancel();
                await Task.Delay(10, CancellationToken.None);
                return index;
            }, cancellation.Token);

            Assert.Equal(1, started);
            Assert.True(outcomes[0].IsSuccess);
            Assert.All(outcomes.Skip(1), o => Assert.True(o.IsCancelled));
        }

        [Fact]
        public async Task Bad_bounds_are_refused()
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ParallelLaunchScheduler.RunAsync(1, 0, (i, t) => Task.FromResult(i), CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ParallelLaunchScheduler.RunAsync(-1, 1, (i, t) => Task.FromResult(i), CancellationToken.None));
        }
    }
}
