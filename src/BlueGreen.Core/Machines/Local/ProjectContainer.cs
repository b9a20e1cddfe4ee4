namespace BlueGreen.Machines.Local
{
    /// <summary>One container of a compose project as <c>docker ps -a</c> lists it.</summary>
    public sealed class ProjectContainer(string id, string project, string name, string status)
    {
        public string Id { get; } = id;

        /// <summary>Its com.docker.compose.project label.</summary>
        public string Project { get; } = project;

        public string Name { get; } = name;

        /// <summary>docker's status text: "Up 3 seconds", "Exited (1) 2 seconds ago", "Created".</summary>
        public string Status { get; } = status;

        /// <summary>True when it runs (status "Up ...").</summary>
        public bool IsUp => Status.StartsWith("Up", StringComparison.Ordinal);
    }
}
