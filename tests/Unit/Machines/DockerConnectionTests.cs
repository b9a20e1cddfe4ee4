using System.Collections.Generic;
using BlueGreen.Machines;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines
{
    public sealed class DockerConnectionTests
    {
        [Fact]
        public void Tls_connection_sets_the_four_docker_machine_variables()
        {
            IReadOnlyDictionary<string, string?> env = new DockerConnection("tcp://10.0.0.5:2376", true, "/certs/m1", "m1").ToEnvironment();
            Assert.Equal("tcp://10.0.0.5:2376", env["DOCKER_HOST"]);
            Assert.Equal("1", env["DOCKER_TLS_VERIFY"]);
            Assert.Equal("/certs/m1", env["DOCKER_CERT_PATH"]);
            Assert.Equal("m1", env["DOCKER_MACHINE_NAME"]);
        }

        [Fact]
        public void Ssh_connection_removes_tls_variables_left_in_the_session()
        {
            DockerConnection connection = DockerConnection.OverSsh("ubuntu", "203.0.113.7", "m2");
            IReadOnlyDictionary<string, string?> env = connection.ToEnvironment();
            Assert.Equal("ssh://ubuntu@203.0.113.7", connection.Host);
            Assert.Equal("ssh://ubuntu@203.0.113.7", env["DOCKER_HOST"]);
            Assert.True(env.ContainsKey("DOCKER_TLS_VERIFY"));
            Assert.Null(env["DOCKER_TLS_VERIFY"]);
            Assert.Null(env["DOCKER_CERT_PATH"]);
            Assert.Null(env["DOCKER_CONTEXT"]);
        }

        [Fact]
        public void Parses_docker_machine_env_output_as_data_only()
        {
            var output = new[]
            {
                "export DOCKER_TLS_VERIFY=\"1\"",
                "export DOCKER_HOST=\"tcp://10.1.2.3:2376\"",
                "export DOCKER_CERT_PATH=\"/root/.docker/machine/machines/shop-1\"",
                "export DOCKER_MACHINE_NAME=\"shop-1\"",
                "export PATH=\"/tmp/evil:$PATH\"",
                "$(touch /tmp/pwned)",
                "# Run this command to configure your shell: ",
                "# eval $(docker-machine env shop-1)",
            };
            DockerConnection connection = DockerMachineEnvironment.Parse(output, "shop-1");
            Assert.Equal("tcp://10.1.2.3:2376", connection.Host);
            Assert.True(connection.TlsVerify);
            Assert.Equal("/root/.docker/machine/machines/shop-1", connection.CertPath);
            Assert.Equal("shop-1", connection.MachineName);
            Assert.DoesNotContain("PATH", connection.ToEnvironment().Keys);
        }

        [Fact]
        public void Env_output_without_a_host_is_an_error()
        {
            var error = Assert.Throws<BlueGreen.Diagnostics.BlueGreenException>(() => DockerMachineEnvironment.Parse(new[] { "Error checking TLS connection" }, "shop-1"));
            Assert.Equal("UnexpectedDockerMachineOutput", error.ErrorId);
        }
    }
}
