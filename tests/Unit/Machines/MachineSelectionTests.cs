using System.Collections.Generic;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines
{
    public sealed class MachineSelectionTests
    {
        private static Machine Live(string name, string health) =>
            new Machine(new MachineInstance(name, "i-" + name, MachineProviderKind.Ec2, "10.0.0.1", "running"), MachineRole.Live, "shop-blue", MachineTestWorld.BlueArn, "blue", health);

        private static Machine Idle(string name, string health) =>
            new Machine(new MachineInstance(name, "i-" + name, MachineProviderKind.Ec2, "10.0.0.2", "running"), MachineRole.Idle, "shop-green", MachineTestWorld.GreenArn, "green", health);

        private static Machine Orphan(string name) =>
            new Machine(new MachineInstance(name, "i-" + name, MachineProviderKind.Ec2, "10.0.0.3", "running"), MachineRole.Orphan, null, null, null, null);

        [Fact]
        public void Without_a_name_the_healthiest_machine_of_the_role_is_taken()
        {
            var machines = new[]
            {
                Live("shop-00000001", "draining"), Live("shop-00000002", "unhealthy"), Live("shop-00000003", "healthy"),
                Idle("shop-00000004", "healthy"), Live("shop-00000005", "initial"),
            };

            Assert.Equal("shop-00000003", MachineSelection.Choose(machines, MachineRole.Live, null).Name);
            Assert.Equal("shop-00000004", MachineSelection.Choose(machines, MachineRole.Idle, null).Name);
        }

        [Fact]
        public void Health_ranks_healthy_initial_unused_then_others_and_draining_last()
        {
            var machines = new List<Machine> { Idle("shop-0000000e", "draining"), Idle("shop-0000000d", "unavailable") };
            Assert.Equal("shop-0000000d", MachineSelection.Choose(machines, MachineRole.Idle, null).Name);
            machines.Add(Idle("shop-0000000c", "unused"));
            Assert.Equal("shop-0000000c", MachineSelection.Choose(machines, MachineRole.Idle, null).Name);
            machines.Add(Idle("shop-0000000b", "initial"));
            Assert.Equal("shop-0000000b", MachineSelection.Choose(machines, MachineRole.Idle, null).Name);
            machines.Add(Idle("shop-0000000f", "healthy"));
            Assert.Equal("shop-0000000f", MachineSelection.Choose(machines, MachineRole.Idle, null).Name);
        }

        [Fact]
        public void Ties_are_broken_by_name_so_the_choice_is_repeatable()
        {
            var machines = new[] { Live("shop-000000bb", "healthy"), Live("shop-000000aa", "healthy") };
            Assert.Equal("shop-000000aa", MachineSelection.Choose(machines, MachineRole.Live, null).Name);
            Assert.Equal("shop-000000aa", MachineSelection.Choose(new[] { machines[1], machines[0] }, MachineRole.Live, null).Name);
        }

        [Fact]
        public void A_named_machine_in_the_role_is_taken_whatever_its_health()
        {
            var machines = new[] { Live("shop-00000001", "healthy"), Live("shop-00000002", "unhealthy") };
            Assert.Equal("shop-00000002", MachineSelection.Choose(machines, MachineRole.Live, "shop-00000002").Name);
        }

        [Theory]
        [InlineData("shop-00000002", MachineRole.Live, "MachineNotLive", "is idle (in shop-green), not live")]
        [InlineData("shop-00000001", MachineRole.Idle, "MachineNotIdle", "is live (in shop-blue), not idle")]
        [InlineData("shop-00000003", MachineRole.Idle, "MachineNotIdle", "is orphan (in neither target group), not idle")]
        public void A_named_machine_in_another_role_is_refused(string name, MachineRole role, string errorId, string message)
        {
            var machines = new[] { Live("shop-00000001", "healthy"), Idle("shop-00000002", "healthy"), Orphan("shop-00000003") };
            BlueGreenException error = Assert.Throws<BlueGreenException>(() => MachineSelection.Choose(machines, role, name));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
            Assert.Contains(message, error.Message);
            Assert.Contains($"Get-BgMachine -Role {role}", error.Message);
            Assert.Equal(name, error.Target);
        }

        [Fact]
        public void A_named_machine_that_is_not_listed_is_not_found()
        {
            BlueGreenException error = Assert.Throws<BlueGreenException>(() => MachineSelection.Choose(new[] { Live("shop-00000001", "healthy") }, MachineRole.Live, "shop-ffffffff"));
            Assert.Equal("MachineNotFound", error.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, error.Category);
        }

        [Theory]
        [InlineData(MachineRole.Live, "NoLiveMachine", "New-BgMachine -TargetGroup Live")]
        [InlineData(MachineRole.Idle, "NoIdleMachine", "New-BgMachine -TargetGroup Idle")]
        public void A_role_without_machines_is_an_error_that_says_what_to_do(MachineRole role, string errorId, string remedy)
        {
            var machines = new[] { Orphan("shop-00000003"), role == MachineRole.Live ? Idle("shop-00000002", "healthy") : Live("shop-00000001", "healthy") };
            BlueGreenException error = Assert.Throws<BlueGreenException>(() => MachineSelection.Choose(machines, role, null));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, error.Category);
            Assert.Contains(remedy, error.Message);
        }

        [Theory]
        [InlineData("--driver=none")]
        [InlineData("x; rm -rf /")]
        [InlineData("")]
        public void A_hostile_name_is_refused_before_it_is_looked_up(string name)
        {
            BlueGreenException error = Assert.Throws<BlueGreenException>(() => MachineSelection.Choose(new[] { Live("shop-00000001", "healthy") }, MachineRole.Live, name));
            Assert.Equal("InvalidMachineName", error.ErrorId);
        }
    }
}
