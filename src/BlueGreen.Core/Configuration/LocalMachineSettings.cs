namespace BlueGreen.Configuration
{
    /// <summary>
    /// Settings of the Local provider (Machines.Local): a machine is a gunicorn process on this host, or a compose
    /// project on this host's Docker engine, serving a snapshot of the app directory, recorded as an instance of the
    /// sandbox's EC2. Paths are absolute once read.
    /// </summary>
    public sealed class LocalMachineSettings
    {
        /// <summary>Default of <see cref="StateDirectory"/>, relative to the directory of bluegreen.psd1.</summary>
        public const string DefaultStateDirectory = ".bluegreen/local";

        /// <summary>Default of <see cref="DockerHost"/>: the engine's usual socket.</summary>
        public const string DefaultDockerHost = "unix:///var/run/docker.sock";

        /// <summary>Gunicorn (default) or Compose.</summary>
        public LocalMachineRuntime Runtime { get; set; } = LocalMachineRuntime.Gunicorn;

        /// <summary>Compose runtime: the variable that tells the compose file the machine's port (the example shop's is SHOP_PORT).</summary>
        public string PortVariable { get; set; } = "PORT";

        /// <summary>Compose runtime: DOCKER_HOST of this host's engine (a unix:// socket).</summary>
        public string DockerHost { get; set; } = DefaultDockerHost;

        /// <summary>The directory each launch snapshots (default: the compose project directory).</summary>
        public string AppDirectory { get; set; } = string.Empty;

        /// <summary>Python module of the WSGI application (gunicorn's <c>module:variable</c>, <c>:application</c> when omitted); null: the one <c>*/wsgi.py</c> of the app directory.</summary>
        public string? WsgiModule { get; set; }

        /// <summary>The python that runs manage.py in a snapshot.</summary>
        public string Python { get; set; } = "/usr/bin/python3";

        /// <summary>The gunicorn that serves a snapshot.</summary>
        public string Gunicorn { get; set; } = "/usr/bin/gunicorn";

        public int Workers { get; set; } = 2;

        /// <summary>Variables set for gunicorn and manage.py (DJANGO_SETTINGS_MODULE, DATABASE_URL, ...); values may use {StateDirectory}.</summary>
        public IReadOnlyDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

        /// <summary>Names (or * patterns) left out of a snapshot at any depth, besides the state directory itself.</summary>
        public IReadOnlyList<string> Exclude { get; set; } = DefaultExclude;

        public static readonly IReadOnlyList<string> DefaultExclude = Array.AsReadOnly(new[] { ".git", "__pycache__", "*.pyc", "*.sqlite3", "*.sqlite3-journal", "db.sqlite3*" });

        /// <summary>Where snapshots, pid files and logs live (absolute; default &lt;directory of bluegreen.psd1&gt;/.bluegreen/local).</summary>
        public string StateDirectory { get; set; } = string.Empty;

        /// <summary>How long gunicorn (or, Compose runtime, the project after up --build -d) may take to answer HTTP on the machine's port.</summary>
        public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>How long a removed machine's processes have between SIGTERM and SIGKILL.</summary>
        public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>ImageId of the RunInstances call (the sandbox only checks its form).</summary>
        public string ImageId { get; set; } = "ami-00000000000000001";

        public string InstanceType { get; set; } = "t3.micro";
    }
}
