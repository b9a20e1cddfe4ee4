extern alias DataPlaneProcess;

using System;
using System.Collections.Generic;
using System.Linq;
using DataPlaneProcess::BlueGreen.Sandbox.DataPlane;
using DataPlaneProcess::BlueGreen.Sandbox.DataPlane.Proxy;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox.DataPlane
{
    /// <summary>What the data plane counts per listener, group and second, and hands over once.</summary>
    public class RequestTalliesTests
    {
        private const string Listener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2";

        [Fact]
        public void Target_answers_and_the_load_balancer_s_own_are_counted_apart_per_second_and_drained_once()
        {
            var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
            var tallies = new RequestTallies(() => now);

            tallies.Target(Listener, "green", 200, TimeSpan.FromMilliseconds(20));
            tallies.Target(Listener, "green", 500, TimeSpan.FromMilliseconds(40));
            tallies.Target(Listener, "green", 404, TimeSpan.FromMilliseconds(10));
            tallies.LoadBalancer(Listener, "green", 502);
            tallies.LoadBalancer(Listener, null, 503);
            now = now.AddSeconds(1);
            tallies.Target(Listener, "green", 301, TimeSpan.FromMilliseconds(5));

            List<RequestTally> drained = tallies.Drain();

            RequestTally first = drained.Single(t => t.TargetGroupArn == "green" && t.Second == 1_800_000_000);
            Assert.Equal(4, first.Requests);
            Assert.Equal(new[] { 1, 0, 1, 1 }, first.TargetCodes);
            Assert.Equal(1, first.Elb5xx);
            Assert.Equal(new[] { 0.02, 0.04, 0.01 }, first.ResponseTimes);
            RequestTally own = drained.Single(t => t.TargetGroupArn == null);
            Assert.Equal((1, 1), (own.Requests, own.Elb5xx));
            Assert.Equal(new[] { 0, 1, 0, 0 }, drained.Single(t => t.Second == 1_800_000_001).TargetCodes);
            Assert.Empty(tallies.Drain());
        }
    }
}
