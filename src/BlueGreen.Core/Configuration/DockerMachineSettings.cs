namespace BlueGreen.Configuration
{
    /// <summary>Settings of the docker-machine provider.</summary>
    public sealed class DockerMachineSettings
    {
        /// <summary>The docker-machine executable (a name on PATH or a full path).</summary>
        public string Executable { get; set; } = "docker-machine";

        public string Driver { get; set; } = "amazonec2";

        /// <summary>Engine label given to every machine (--engine-label) and used to list them; default project=&lt;Project&gt;.</summary>
        public string? EngineLabel { get; set; }

        /// <summary>Extra options for 'docker-machine create', e.g. --amazonec2-instance-type t3.small.</summary>
        public IReadOnlyList<string> CreateOptions { get; set; } = Array.Empty<string>();
    }
}
