extern alias DataPlaneProcess;

using System.Collections.Generic;
using System.Linq;
using DataPlaneProcess::BlueGreen.Sandbox.DataPlane;
using DataPlaneProcess::BlueGreen.Sandbox.DataPlane.Routing;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox.DataPlane
{
    public class TargetPickerTests
    {
        [Fact]
        public void WeightsSplitEveryDrawInProportion()
        {
            // Every draw from 0 to 99 once: exactly 80 to blue and 20 to green.
            int next = 0;
            var picker = new TargetPicker(n => next++ % n);
            var groups = new List<WeightedGroup> { new WeightedGroup { TargetGroupArn = "blue", Weight = 80 }, new WeightedGroup { TargetGroupArn = "green", Weight = 20 } };

            var picks = Enumerable.Range(0, 100).Select(_ => picker.PickGroup(groups)).ToList();

            Assert.Equal(80, picks.Count(p => p == "blue"));
            Assert.Equal(20, picks.Count(p => p == "green"));
        }

        [Fact]
        public void AGroupWithWeightZeroGetsNothingAndAllZeroIsNoGroup()
        {
            var picker = new TargetPicker();
            var groups = new List<WeightedGroup> { new WeightedGroup { TargetGroupArn = "blue", Weight = 0 }, new WeightedGroup { TargetGroupArn = "green", Weight = 1 } };
            Assert.All(Enumerable.Range(0, 50).Select(_ => picker.PickGroup(groups)), p => Assert.Equal("green", p));
            Assert.Null(picker.PickGroup(new List<WeightedGroup> { new WeightedGroup { TargetGroupArn = "blue", Weight = 0 } }));
        }

        [Fact]
        public void TargetsTakeTurnsAmongTheHealthyOnes()
        {
            var picker = new TargetPicker();
            var group = Group(("a", true), ("b", false), ("c", true));

            var picks = Enumerable.Range(0, 6).Select(_ => picker.PickTarget(group)!.Id).ToList();

            Assert.Equal(new[] { "a", "c", "a", "c", "a", "c" }, picks);
        }

        [Fact]
        public void WithNoHealthyTargetItFailsOpenToAllAndWithNoneItGivesNothing()
        {
            var picker = new TargetPicker();
            Assert.Equal(new[] { "a", "b", "a" }, Enumerable.Range(0, 3).Select(_ => picker.PickTarget(Group(("a", false), ("b", false)))!.Id));
            Assert.Null(picker.PickTarget(Group()));
        }

        private static RoutedTargetGroup Group(params (string Id, bool Healthy)[] targets) =>
            new RoutedTargetGroup { Arn = "tg", Targets = targets.Select(t => new RoutedTarget { Id = t.Id, Port = 80, Address = "127.0.0.1:80", Healthy = t.Healthy }).ToList() };
    }
}
