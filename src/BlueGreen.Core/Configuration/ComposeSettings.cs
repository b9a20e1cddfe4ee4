namespace BlueGreen.Configuration
{
    /// <summary>How the app is run on a machine with Docker Compose.</summary>
    public sealed class ComposeSettings
    {
        /// <summary>
        /// The compose command as an argument array: <c>docker-compose</c> (Compose v1) or <c>docker compose</c> (v2),
        /// the first item a name on PATH or a path. Null: <c>&lt;DockerExecutable&gt; compose</c> when that is set, else
        /// detected once per process (see <see cref="Machines.ComposeCommandDetector"/>).
        /// </summary>
        public IReadOnlyList<string>? Command { get; set; }

        /// <summary>
        /// The docker client (a name on PATH or a path); null: not configured (<c>docker</c> where a docker client is
        /// needed). When <see cref="Command"/> is not set, the compose command is <c>&lt;DockerExecutable&gt; compose</c>.
        /// </summary>
        public string? DockerExecutable { get; set; }

        /// <summary>The compose file, relative to <see cref="ProjectDirectory"/>.</summary>
        public string File { get; set; } = "docker-compose.production.yml";

        /// <summary>The Django service in the compose file.</summary>
        public string Service { get; set; } = "django";

        /// <summary>Local directory holding the compose file and the code that 'up --build' builds.</summary>
        public string ProjectDirectory { get; set; } = ".";
    }
}
