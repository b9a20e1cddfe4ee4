using System;
using System.Collections.Generic;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Configuration
{
    public sealed class Ec2SshSettingsTests
    {
        private static Dictionary<string, object?> WithEc2(Dictionary<string, object?> ec2) => new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Project"] = "shop",
            ["LoadBalancer"] = "shop-lb",
            ["Machines"] = new Dictionary<string, object?> { ["Ec2"] = ec2 },
        };

        private static Ec2LaunchSettings Read(Dictionary<string, object?> ec2) =>
            ProjectConfigurationReader.Read(WithEc2(ec2), "/srv/shop/bluegreen.psd1").Machines.Ec2;

        private static BlueGreenException Rejects(Dictionary<string, object?> ec2) =>
            Assert.Throws<BlueGreenException>(() => Read(ec2));

        [Fact]
        public void Defaults_verify_against_the_console_with_a_file_of_BlueGreens_own()
        {
            Ec2LaunchSettings ec2 = Read(new Dictionary<string, object?>());

            Assert.Equal("ubuntu", ec2.SshUser);
            Assert.Equal(SshHostKeyTrust.ConsoleOutput, ec2.Ssh.HostKeyTrust);
            Assert.Null(ec2.Ssh.KnownHostsFile);
            Assert.EndsWith("/bluegreen/known_hosts", ec2.Ssh.ResolvedKnownHostsFile);
            Assert.DoesNotContain("/.ssh/", ec2.Ssh.ResolvedKnownHostsFile);
            Assert.Null(ec2.Ssh.IdentityFile);
            Assert.Equal(TimeSpan.FromSeconds(10), ec2.Ssh.ConnectTimeout);
            Assert.Equal(TimeSpan.FromMinutes(10), ec2.Ssh.HostKeyTimeout);
            Assert.Equal(TimeSpan.FromMinutes(5), ec2.Ssh.DockerTimeout);
        }

        [Fact]
        public void Paths_are_relative_to_the_file_and_timeouts_are_read()
        {
            Ec2LaunchSettings ec2 = Read(new Dictionary<string, object?>
            {
                ["SshUser"] = "ec2-user",
                ["Ssh"] = new Dictionary<string, object?>
                {
                    ["IdentityFile"] = "keys/deploy.pem",
                    ["KnownHostsFile"] = "/var/lib/bluegreen/known_hosts",
                    ["ConnectTimeoutSeconds"] = 5,
                    ["HostKeyTimeoutSeconds"] = 900,
                    ["DockerTimeoutSeconds"] = 120,
                    ["ConnectionReuseSeconds"] = 0,
                    ["Executable"] = "/opt/openssh/bin/ssh",
                },
            });

            Assert.Equal("ec2-user", ec2.SshUser);
            Assert.Equal("/srv/shop/keys/deploy.pem", ec2.Ssh.IdentityFile);
            Assert.Equal("/var/lib/bluegreen/known_hosts", ec2.Ssh.ResolvedKnownHostsFile);
            Assert.Equal(TimeSpan.FromSeconds(5), ec2.Ssh.ConnectTimeout);
            Assert.Equal(TimeSpan.FromSeconds(900), ec2.Ssh.HostKeyTimeout);
            Assert.Equal(TimeSpan.FromSeconds(120), ec2.Ssh.DockerTimeout);
            Assert.Equal(TimeSpan.Zero, ec2.Ssh.ConnectionReuse);
            Assert.Equal("/opt/openssh/bin/ssh", ec2.Ssh.Executable);
            Assert.Equal("ssh-keyscan", ec2.Ssh.KeyscanExecutable);
        }

        [Fact]
        public void Trusting_a_file_you_keep_needs_the_file()
        {
            BlueGreenException error = Rejects(new Dictionary<string, object?> { ["Ssh"] = new Dictionary<string, object?> { ["HostKeyTrust"] = "KnownHostsFile" } });
            Assert.Equal("ConfigurationMissingSetting", error.ErrorId);
            Assert.Contains("Machines.Ec2.Ssh.KnownHostsFile", error.Message);
        }

        [Theory]
        [InlineData("SshUser", "root; rm -rf /")]
        [InlineData("SshUser", "-oProxyCommand=x")]
        public void A_user_that_is_not_a_login_name_is_refused(string key, string value)
        {
            BlueGreenException error = Rejects(new Dictionary<string, object?> { [key] = value });
            Assert.Equal("ConfigurationInvalidSetting", error.ErrorId);
            Assert.Contains("ec2-user", error.Message);
        }

        [Fact]
        public void Bad_ssh_settings_name_the_key()
        {
            Assert.Contains("Machines.Ec2.Ssh.HostKeyTrust", Rejects(new Dictionary<string, object?> { ["Ssh"] = new Dictionary<string, object?> { ["HostKeyTrust"] = "AcceptNew" } }).Message);
            Assert.Contains("Machines.Ec2.Ssh.ConnectTimeoutSeconds", Rejects(new Dictionary<string, object?> { ["Ssh"] = new Dictionary<string, object?> { ["ConnectTimeoutSeconds"] = 0 } }).Message);
            Assert.Contains("Machines.Ec2.Ssh.IdentityFile", Rejects(new Dictionary<string, object?> { ["Ssh"] = new Dictionary<string, object?> { ["IdentityFile"] = "a\"b" } }).Message);
            Assert.Equal("ConfigurationUnknownSetting", Rejects(new Dictionary<string, object?> { ["Ssh"] = new Dictionary<string, object?> { ["StrictHostKeyChecking"] = "no" } }).ErrorId);
        }

        [Fact]
        public void The_template_writes_the_ssh_settings_back_as_they_are_read()
        {
            ProjectConfiguration config = ProjectConfigurationReader.Read(WithEc2(new Dictionary<string, object?>
            {
                ["SshUser"] = "admin",
                ["Ssh"] = new Dictionary<string, object?> { ["IdentityFile"] = "/keys/deploy.pem", ["DockerTimeoutSeconds"] = 60 },
            }), "/srv/shop/bluegreen.psd1");

            string text = ProjectConfigurationTemplate.Render(config);

            Assert.Contains("SshUser = 'admin'", text);
            Assert.Contains("IdentityFile = '/keys/deploy.pem'", text);
            Assert.Contains("HostKeyTrust = 'ConsoleOutput'", text);
            Assert.Contains("DockerTimeoutSeconds = 60", text);
            Assert.Contains("# KnownHostsFile = ''", text);
        }
    }
}
