using System.IO;

namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// Where one host instance keeps what it runs: its run folder (<c>RUNROOT/sandbox-PORT/i-.../</c>: sshd's config,
    /// host keys, authorized_keys, pid files, logs, the engine's exec-root <c>x/</c> and sockets) and its data folder
    /// (<c>DATAROOT/sandbox-PORT/i-.../</c>: dockerd's data-root). Paths stay short: unix sockets allow 107 bytes.
    /// </summary>
    internal sealed class HostInstanceFolder(string runFolder, string dataFolder)
    {
        internal string Run { get; } = runFolder;

        internal string Data { get; } = dataFolder;

        internal string SshdConfig => Path.Combine(Run, "sshd_config");

        internal string SshdPidFile => Path.Combine(Run, "sshd.pid");

        internal string SshdLog => Path.Combine(Run, "sshd.log");

        internal string AuthorizedKeys => Path.Combine(Run, "authorized_keys");

        internal string HostKey(string type) => Path.Combine(Run, $"ssh_host_{type}_key");

        /// <summary>The folder the NoDocker image's PATH points at: a few basic tools, no docker.</summary>
        internal string NoDockerBin => Path.Combine(Run, "bin");

        internal string DockerdPidFile => Path.Combine(Run, "dockerd.pid");

        internal string DockerdLog => Path.Combine(Run, "dockerd.log");

        internal string ExecRoot => Path.Combine(Run, "x");

        /// <summary>The socket dockerd listens on while it boots and loads the preloaded images.</summary>
        internal string EngineSocket => Path.Combine(Run, "e.sock");

        /// <summary>What DOCKER_HOST names: a link to <see cref="EngineSocket"/>, made once the images are loaded.</summary>
        internal string DockerSocket => Path.Combine(Run, "docker.sock");

        internal string ConsoleLog => Path.Combine(Run, "console.log");
    }
}
