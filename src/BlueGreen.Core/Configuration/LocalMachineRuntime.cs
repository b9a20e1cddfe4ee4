namespace BlueGreen.Configuration
{
    /// <summary>What serves a Local machine (Machines.Local.Runtime).</summary>
    public enum LocalMachineRuntime
    {
        /// <summary>gunicorn on this host, started by the launch in the machine's snapshot.</summary>
        Gunicorn,

        /// <summary>A compose project of the snapshot on this host's Docker engine (Compose.File, up --build -d).</summary>
        Compose,
    }
}
