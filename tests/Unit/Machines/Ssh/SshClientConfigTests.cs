using System;
using BlueGreen.Configuration;
using BlueGreen.Machines.Ssh;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines.Ssh
{
    /// <summary>BlueGreen's ssh config: strict host key checking always; connections shared unless turned off or impossible.</summary>
    public sealed class SshClientConfigTests
    {
        [Fact]
        public void Connections_are_shared_for_a_minute_by_default_through_a_socket_per_user_address_and_port()
        {
            var config = new SshClientConfig(new Ec2SshSettings { KnownHostsFile = "/srv/bg/known_hosts" }, "/srv/bg/state");
            string text = config.RenderConfig();

            Assert.Equal("/srv/bg/state/ssh/cm", config.ControlDirectory);
            Assert.Contains("    ControlMaster auto\n", text);
            Assert.Contains("    ControlPath \"/srv/bg/state/ssh/cm/%r@%h:%p\"\n", text);
            Assert.Contains("    ControlPersist 60s\n", text);
            Assert.Contains("    StrictHostKeyChecking yes\n", text);
            Assert.Contains("    BatchMode yes\n", text);
            Assert.Contains("    UserKnownHostsFile \"/srv/bg/known_hosts\"\n", text);
        }

        [Fact]
        public void Zero_reuse_opens_a_new_connection_for_every_command()
        {
            var config = new SshClientConfig(new Ec2SshSettings { KnownHostsFile = "/srv/bg/known_hosts", ConnectionReuse = TimeSpan.Zero }, "/srv/bg/state");
            string text = config.RenderConfig();

            Assert.Null(config.ControlDirectory);
            Assert.Contains("    ControlMaster no\n", text);
            Assert.Contains("    ControlPath none\n", text);
            Assert.DoesNotContain("ControlPersist", text);
        }

        [Fact]
        public void A_state_folder_too_long_for_a_unix_socket_turns_sharing_off_and_a_percent_in_it_is_escaped()
        {
            string longFolder = "/srv/" + new string('s', 60);
            Assert.Null(new SshClientConfig(new Ec2SshSettings { KnownHostsFile = "/k" }, longFolder).ControlDirectory);
            Assert.Contains("    ControlMaster no\n", new SshClientConfig(new Ec2SshSettings { KnownHostsFile = "/k" }, longFolder).RenderConfig());

            string text = new SshClientConfig(new Ec2SshSettings { KnownHostsFile = "/k" }, "/srv/100%").RenderConfig();
            Assert.Contains("    ControlPath \"/srv/100%%/ssh/cm/%r@%h:%p\"\n", text);
        }
    }
}
