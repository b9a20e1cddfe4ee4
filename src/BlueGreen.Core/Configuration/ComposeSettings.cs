namespace BlueGreen.Configuration
{
    /// <summary>How the app is run on a machine with Docker Compose.</summary>
    public sealed class ComposeSettings
    {
        /// <summary>The docker executable (a name on PATH or a full path).</summary>
        public string DockerExecutable { get; set; } = "docker";

        /// <summary>The compose file, relative to <see cref="ProjectDirectory"/>.</summary>
        public string File { get; set; } = "docker-compose.production.yml";

        /// <summary>The Django service in the compose file.</summary>
        public string Service { get; set; } = "django";

        /// <summary>Local directory holding the compose file and the code that 'up --build' builds.</summary>
        public string ProjectDirectory { get; set; } = ".";
    }
}
