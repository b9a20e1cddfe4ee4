namespace BlueGreen.Machines.Local
{
    /// <summary>One container of a compose project as <c>docker ps -a</c> lists it.</summary>
    public sealed class ProjectContainer
    {
        public ProjectContainer(string id, string project, string name, string status)
        {
            Id = id;
            Project = project;
            Name = name;
            Status = status;
        }

        public string Id { get; }

        /// <summary>Its com.docker.compose.project label.</summary>
        public string Project { get; }

        public string Name { get; }

        /// <summary>docker's status text: "Up 3 seconds", "Exited (1) 2 seconds ago", "Created".</summary>
        public string Status { get; }

        /// <summary>True when it runs (status "Up ...").</summary>
        public bool IsUp => Status.StartsWith("Up", StringComparison.Ordinal);
    }
}
