using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Machines.Local;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines.Local
{
    public sealed class SandboxEndpointCheckTests
    {
        [Theory]
        [InlineData("http://127.0.0.1:4566/")]
        [InlineData("http://127.8.9.10:80")]
        [InlineData("https://localhost:8443/")]
        [InlineData("http://LOCALHOST:1/")]
        [InlineData("http://[::1]:4566/")]
        public void Loopback_urls_are_sandboxes(string url) => Assert.True(SandboxEndpointCheck.IsLoopback(url));

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("https://ec2.us-east-1.amazonaws.com/")]
        [InlineData("http://10.0.0.5:4566/")]
        [InlineData("http://localhost.example.com/")]
        [InlineData("http://127.0.0.1.nip.io/")]
        [InlineData("ftp://127.0.0.1/")]
        [InlineData("127.0.0.1:4566")]
        public void Anything_else_is_not(string? url) => Assert.False(SandboxEndpointCheck.IsLoopback(url));

        [Fact]
        public async Task The_Local_provider_refuses_a_real_endpoint_before_it_makes_anything()
        {
            string root = Path.Combine(Path.GetTempPath(), "bg-refuse-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(root, "app"));
            try
            {
                var config = new ProjectConfiguration { Project = "shop", Machines = new MachineSettings { Prefix = "shop-", Provider = MachineProviderKind.Local } };
                config.Machines.Local.AppDirectory = Path.Combine(root, "app");
                config.Machines.Local.StateDirectory = Path.Combine(root, "state");
                using var realEc2 = new AmazonEC2Client(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), RegionEndpoint.EUWest1);
                var runner = new RecordingCommandRunner();
                var provider = new LocalMachineProvider(realEc2, runner, config, new RecordingReporter());

                BlueGreenException error = await Assert.ThrowsAsync<BlueGreenException>(() =>
                    provider.LaunchAsync(new MachineLaunchRequest("shop-0123abcd", null), new Progress<string>(), CancellationToken.None));

                Assert.Equal("LocalProviderNeedsSandbox", error.ErrorId);
                Assert.Equal(FailureCategory.InvalidOperation, error.Category);
                Assert.Contains("regional AWS endpoint", error.Message);
                Assert.Contains("Start-BgSandbox", error.Message);
                Assert.Empty(runner.Requests);
                Assert.False(Directory.Exists(config.Machines.Local.StateDirectory));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
