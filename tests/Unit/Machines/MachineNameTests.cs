using System.Text.RegularExpressions;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines
{
    public sealed class MachineNameTests
    {
        [Theory]
        [InlineData("shop-prod-0a1b2c3d")]
        [InlineData("a")]
        [InlineData("Shop.prod-1")]
        public void Accepts_letters_digits_dots_and_dashes(string name)
        {
            Assert.True(MachineName.IsValid(name));
            Assert.Equal(name, MachineName.EnsureValid(name));
        }

        [Theory]
        [InlineData("--driver=none")]
        [InlineData("-y")]
        [InlineData("x; rm -rf /")]
        [InlineData("$(reboot)")]
        [InlineData("a b")]
        [InlineData("a\nb")]
        [InlineData(".hidden")]
        [InlineData("ünïcode")]
        [InlineData("")]
        [InlineData(null)]
        public void Rejects_anything_that_could_be_an_option_or_shell_syntax(string? name)
        {
            Assert.False(MachineName.IsValid(name));
            BlueGreenException error = Assert.Throws<BlueGreenException>(() => MachineName.EnsureValid(name));
            Assert.Equal("InvalidMachineName", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, error.Category);
            Assert.Equal(name, error.Target);
        }

        [Fact]
        public void Rejects_names_longer_than_a_dns_label()
        {
            Assert.True(MachineName.IsValid(new string('a', 63)));
            Assert.False(MachineName.IsValid(new string('a', 64)));
        }

        [Theory]
        [InlineData("--driver=none")]
        [InlineData("x; rm -rf /")]
        [InlineData("")]
        [InlineData("-prod-")]
        public void Rejects_hostile_or_empty_prefixes(string prefix)
        {
            BlueGreenException error = Assert.Throws<BlueGreenException>(() => MachineName.CreateUnique(prefix));
            Assert.Equal("InvalidMachinePrefix", error.ErrorId);
        }

        [Fact]
        public void Rejects_a_prefix_that_leaves_no_room_for_the_random_part()
        {
            Assert.Equal("InvalidMachinePrefix", Assert.Throws<BlueGreenException>(() => MachineName.EnsureValidPrefix(new string('p', 56))).ErrorId);
            Assert.Equal(new string('p', 55), MachineName.EnsureValidPrefix(new string('p', 55)));
        }

        [Fact]
        public void Unique_names_are_the_prefix_and_8_hex_digits_and_differ()
        {
            string first = MachineName.CreateUnique("shop-prod-");
            string second = MachineName.CreateUnique("shop-prod-");
            Assert.Matches(new Regex("^shop-prod-[0-9a-f]{8}$"), first);
            Assert.True(MachineName.IsValid(first));
            Assert.NotEqual(first, second);
        }

        [Fact]
        public void HasPrefix_needs_more_than_the_prefix()
        {
            Assert.True(MachineName.HasPrefix("shop-prod-0a1b2c3d", "shop-prod-"));
            Assert.False(MachineName.HasPrefix("shop-prod-", "shop-prod-"));
            Assert.False(MachineName.HasPrefix("other-0a1b2c3d", "shop-prod-"));
        }
    }
}
