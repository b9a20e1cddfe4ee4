using BlueGreen.Diagnostics;
using BlueGreen.Machines.Ssh;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines.Ssh
{
    /// <summary>The texts are what the Docker CLI 28 and docker-compose 1.29 printed here against OpenSSH 9.2's sshd.</summary>
    public sealed class SshFailuresTests
    {
        private const string Prefix = "error during connect: Get \"http://docker.example.com/v1.50/version\": command [ssh -o ConnectTimeout=30 -T -l admin -- 127.0.77.1 docker system dial-stdio] has exited with exit status 255, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=";

        private static readonly SshTarget Target = new SshTarget("shop-0a1b2c3d", "i-0123456789abcdef0", "127.0.77.1", "admin", "/keys/deploy.pem", "deploy", new[] { "sg-0a1b" });

        [Theory]
        [InlineData(Prefix + "admin@127.0.77.1: Permission denied (publickey).\n", "SshLoginRefused", FailureCategory.AuthenticationError)]
        [InlineData("admin@127.0.77.1: Permission denied (publickey).\n", "SshLoginRefused", FailureCategory.AuthenticationError)]
        [InlineData(Prefix + "No ED25519 host key is known for 127.0.77.1 and you have requested strict checking.\nHost key verification failed.\n", "HostKeyMismatch", FailureCategory.SecurityError)]
        [InlineData("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\nHost key verification failed.\n", "HostKeyMismatch", FailureCategory.SecurityError)]
        [InlineData("error during connect: Get \"http://docker.example.com/v1.50/version\": command [ssh -o ConnectTimeout=30 -T -l root -- 127.0.77.2 docker system dial-stdio] has exited with exit status 127, make sure the URL is valid, and Docker 18.09 or later is installed on the remote host: stderr=bash: docker: command not found\n", "DockerNotInstalled", FailureCategory.NotInstalled)]
        [InlineData("sh: 1: docker: not found\n", "DockerNotInstalled", FailureCategory.NotInstalled)]
        public void Final_failures_are_named(string text, string id, FailureCategory category)
        {
            BlueGreenException? error = SshFailures.Final(Target, text);
            Assert.NotNull(error);
            Assert.Equal(id, error!.ErrorId);
            Assert.Equal(category, error.Category);
            Assert.Contains("shop-0a1b2c3d", error.Message);
        }

        [Fact]
        public void A_refused_login_names_the_user_the_identity_the_key_pair_and_the_usual_users()
        {
            BlueGreenException error = SshFailures.Final(Target, "admin@127.0.77.1: Permission denied (publickey).")!;
            Assert.Contains("'admin'", error.Message);
            Assert.Contains("/keys/deploy.pem", error.Message);
            Assert.Contains("'deploy'", error.Message);
            Assert.Contains("ec2-user", error.Message);
            Assert.Contains("Machines.Ec2.SshUser", error.Message);
            Assert.Contains("Machines.Ec2.Ssh.IdentityFile", error.Message);
        }

        [Theory]
        [InlineData(Prefix + "ssh: connect to host 127.0.77.9 port 22: Connection refused\n")]
        [InlineData("ssh: connect to host 203.0.113.9 port 22: Connection timed out\n")]
        [InlineData("Connection timed out during banner exchange\n")]
        [InlineData("error during connect: Get \"http://docker.example.com/v1.50/version\": Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n")]
        public void Waiting_may_help_with_the_others(string text) => Assert.Null(SshFailures.Final(Target, text));

        [Fact]
        public void Unreachable_is_told_from_the_text()
        {
            Assert.True(SshFailures.IsUnreachable("ssh: connect to host 127.0.77.9 port 22: Connection refused"));
            Assert.False(SshFailures.IsUnreachable("Cannot connect to the Docker daemon at unix:///var/run/docker.sock."));
            BlueGreenException error = SshFailures.DockerNotReady(Target, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock.", System.TimeSpan.FromSeconds(300));
            Assert.Equal("DockerNotReady", error.ErrorId);
            Assert.Contains("Cannot connect to the Docker daemon", error.Message);
        }
    }
}
