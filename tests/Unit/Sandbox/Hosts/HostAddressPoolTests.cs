using System;
using System.Collections.Generic;
using BlueGreen.Sandbox.Hosts;
using BlueGreen.Sandbox.Protocol;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox.Hosts
{
    public class HostAddressPoolTests
    {
        [Fact]
        public void Gives_the_lowest_free_addresses_and_reuses_a_released_one_first()
        {
            var pool = new HostAddressPool("127.0.1", () => Array.Empty<string>());

            Assert.Equal(new[] { "127.0.1.1", "127.0.1.2", "127.0.1.3" }, pool.Allocate(3, 3));
            pool.Release("127.0.1.2");
            Assert.Equal(new[] { "127.0.1.2" }, pool.Allocate(1, 1));
            Assert.Equal(new[] { "127.0.1.4" }, pool.Allocate(1, 1));
            Assert.Equal(new[] { "127.0.1.1", "127.0.1.2", "127.0.1.3", "127.0.1.4" }, pool.Held);
        }

        [Fact]
        public void Skips_addresses_something_else_on_this_machine_listens_on()
        {
            var elsewhere = new List<string> { "127.0.1.1", "127.0.1.3" };
            var pool = new HostAddressPool("127.0.1", () => elsewhere);

            Assert.Equal(new[] { "127.0.1.2", "127.0.1.4" }, pool.Allocate(2, 2));
        }

        [Fact]
        public void Launches_between_MinCount_and_MaxCount_and_fails_below_MinCount()
        {
            var pool = new HostAddressPool("127.0.1", () => Array.Empty<string>());
            Assert.Equal(250, pool.Allocate(250, 250).Count);

            Assert.Equal(4, pool.Allocate(1, 20).Count);
            var error = Assert.Throws<AwsErrorException>(() => pool.Allocate(1, 1));
            Assert.Equal("InsufficientFreeAddressesInSubnet", error.Code);
            Assert.Equal(254, pool.Held.Count);
        }
    }
}
