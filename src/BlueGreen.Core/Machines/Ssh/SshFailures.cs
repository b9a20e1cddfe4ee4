using System.Text.RegularExpressions;

namespace BlueGreen.Machines.Ssh
{
    /// <summary>
    /// What an ssh or Docker-over-ssh failure means, read from the text OpenSSH and the Docker CLI print, turned into
    /// an error naming the machine and what to fix. Each has a stable id: SshLoginRefused, HostKeyMismatch,
    /// DockerNotInstalled, MachineUnreachable, DockerNotReady, HostKeyFingerprintsMissing.
    /// </summary>
    public static class SshFailures
    {
        private const string UsualUsers = "usual AMI users: 'ubuntu' (Ubuntu), 'ec2-user' (Amazon Linux, RHEL), 'admin' (Debian), 'centos', 'rocky', 'fedora'";

        private static readonly Regex LoginRefused = new Regex(@"Permission denied \((publickey|[a-z,-]*publickey[a-z,-]*)\)|Too many authentication failures", RegexOptions.CultureInvariant);
        private static readonly Regex HostKeyRefused = new Regex(@"Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|host key is known for .* you have requested strict checking", RegexOptions.CultureInvariant);
        private static readonly Regex NoDocker = new Regex(@"docker: (command )?not found|exit(ed with exit)? status 127\b", RegexOptions.CultureInvariant);
        private static readonly Regex Unreachable = new Regex(@"Connection refused|Connection timed out|Operation timed out|timed out during banner exchange|No route to host|Network is unreachable|Connection reset by peer|Connection closed by remote host|kex_exchange_identification", RegexOptions.CultureInvariant);

        /// <summary>The error a failure is at once (wrong login, refused host key, no docker), or null when waiting may help.</summary>
        public static BlueGreenException? Final(SshTarget target, string errorText)
        {
            string text = errorText ?? string.Empty;
            if (HostKeyRefused.IsMatch(text))
            {
                return new BlueGreenException("HostKeyMismatch", FailureCategory.SecurityError,
                    $"ssh refused the host key of {target.Describe()}: it is not the key BlueGreen verified and recorded for it ({Excerpt(text)}). Nothing was deployed. " +
                    "If the instance was replaced, launch a new machine (its key is verified again from its console output); otherwise treat it as a possible man-in-the-middle.",
                    target.MachineName);
            }

            if (LoginRefused.IsMatch(text))
            {
                string identity = target.IdentityFile == null ? "ssh's default keys (~/.ssh/id_*, the ssh agent; Machines.Ec2.Ssh.IdentityFile is not set)" : $"the key {target.IdentityFile}";
                string keyPair = target.KeyName == null ? "no key pair (Machines.Ec2.KeyName is not set, so only keys the AMI or user data installs are accepted)" : $"the key pair '{target.KeyName}'";
                return new BlueGreenException("SshLoginRefused", FailureCategory.AuthenticationError,
                    $"{target.Describe()} refused the ssh login of user '{target.User}' with {identity}: Permission denied (publickey). The instance was launched with {keyPair}. " +
                    $"Either the user is not the AMI's login user (set Machines.Ec2.SshUser; {UsualUsers}), or the key is not that key pair's private key (set Machines.Ec2.Ssh.IdentityFile to it).",
                    target.MachineName);
            }

            if (NoDocker.IsMatch(text))
            {
                return new BlueGreenException("DockerNotInstalled", FailureCategory.NotInstalled,
                    $"{target.Describe()} has no 'docker' on the PATH of user '{target.User}' ({Excerpt(text)}). Use an AMI with Docker installed (Machines.Ec2.ImageId), or install it in Machines.Ec2.UserData, and make sure '{target.User}' may use it (the docker group).",
                    target.MachineName);
            }

            return null;
        }

        /// <summary>Whether the text says the address did not answer on port 22.</summary>
        public static bool IsUnreachable(string errorText) => Unreachable.IsMatch(errorText ?? string.Empty);

        public static BlueGreenException MachineUnreachable(SshTarget target, string? lastError, TimeSpan waited) =>
            new BlueGreenException("MachineUnreachable", FailureCategory.ConnectionError,
                $"{target.Describe()} did not answer ssh on port 22 within {waited.TotalSeconds:0} s" + (string.IsNullOrWhiteSpace(lastError) ? "." : $" (last error: {Excerpt(lastError!)}).") +
                $" Check that its security group{(target.SecurityGroupIds.Count == 0 ? string.Empty : " (" + string.Join(", ", target.SecurityGroupIds) + ")")} allows TCP port 22 from this computer, that the subnet routes to it (a public IP and an internet gateway, or a VPN), and that sshd runs on the AMI.",
                target.MachineName);

        public static BlueGreenException DockerNotReady(SshTarget target, string? lastError, TimeSpan waited) =>
            new BlueGreenException("DockerNotReady", FailureCategory.OperationTimeout,
                $"Docker on {target.Describe()} did not answer through ssh within {waited.TotalSeconds:0} s (last error: {(string.IsNullOrWhiteSpace(lastError) ? "none" : Excerpt(lastError!))}). " +
                $"Check that the Docker service starts on the AMI and that user '{target.User}' may use it, or allow more time (Machines.Ec2.Ssh.DockerTimeoutSeconds).",
                target.MachineName);

        public static BlueGreenException FingerprintsMissing(SshTarget target, TimeSpan waited) =>
            new BlueGreenException("HostKeyFingerprintsMissing", FailureCategory.OperationTimeout,
                $"The console output of {target.Describe()} showed no ssh host key fingerprints within {waited.TotalSeconds:0} s, so its host key cannot be verified and nothing was deployed. " +
                "Use an AMI whose cloud-init prints them (the keys-to-console module, on by default on Ubuntu, Debian and Amazon Linux), allow more time (Machines.Ec2.Ssh.HostKeyTimeoutSeconds), " +
                "or trust host keys you keep yourself (Machines.Ec2.Ssh.HostKeyTrust = 'KnownHostsFile').",
                target.MachineName);

        public static BlueGreenException HostKeyMismatch(SshTarget target, string presented, string expected) =>
            new BlueGreenException("HostKeyMismatch", FailureCategory.SecurityError,
                $"{target.Describe()} presents the ssh host key {presented}, but its console output lists {expected}. The key was not trusted, the machine is removed and nothing was deployed. " +
                "Something between this computer and the instance answers in its place (a reused or wrong address, a proxy, a man-in-the-middle): check the address and the network before launching again.",
                target.MachineName);

        /// <summary>
        /// The meaningful part of an error text on one line, at most 400 characters: what ssh said (after the Docker
        /// CLI's "stderr="), its last lines when it is long (ssh's verdict comes last), without ssh's '@' banners.
        /// </summary>
        public static string Excerpt(string text)
        {
            string said = text ?? string.Empty;
            int stderr = said.IndexOf("stderr=", StringComparison.Ordinal);
            if (stderr >= 0)
            {
                said = said.Substring(stderr + "stderr=".Length);
            }

            string oneLine = string.Join(" ", said.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("@", StringComparison.Ordinal)));
            return oneLine.Length <= 400 ? oneLine : "..." + oneLine.Substring(oneLine.Length - 400);
        }
    }
}
