using System;
using System.IO;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines.Ssh.Integration
{
    /// <summary>
    /// A test against a real sshd (and, with <see cref="NeedsDocker"/>, a dockerd of its own): skipped, saying why,
    /// where OpenSSH's server or client tools are missing or the tests do not run as root (sshd on port 22 of a
    /// loopback address of its own needs root).
    /// </summary>
    public sealed class SshdFactAttribute : FactAttribute
    {
        public SshdFactAttribute()
        {
            Skip = Why(needsDocker: false);
        }

        public bool NeedsDocker
        {
            get => false;
            set => Skip = Why(value);
        }

        internal static string? Why(bool needsDocker)
        {
            foreach (string tool in new[] { "/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/ssh-keygen", "/usr/bin/ssh-keyscan" })
            {
                if (!File.Exists(tool))
                {
                    return $"{tool} is missing (apt-get install openssh-server openssh-client).";
                }
            }

            if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
            {
                return "sshd on port 22 of a loopback address of its own needs root; these tests run as " + Environment.UserName + ".";
            }

            if (needsDocker)
            {
                foreach (string tool in new[] { "/usr/sbin/dockerd", "/usr/bin/docker-compose" })
                {
                    if (!File.Exists(tool))
                    {
                        return $"{tool} is missing (apt-get install docker.io docker-compose).";
                    }
                }
            }

            return null;
        }
    }
}
