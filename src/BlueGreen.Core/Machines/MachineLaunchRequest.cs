namespace BlueGreen.Machines
{
    /// <summary>One machine to launch: its (validated) name, the release it will run, the color of the group it joins and the deployment launching it.</summary>
    public sealed class MachineLaunchRequest
    {
        public MachineLaunchRequest(string name, string? release = null, string? color = null, string? deployment = null)
        {
            Name = MachineName.EnsureValid(name);
            Release = release;
            Color = color;
            Deployment = deployment;
        }

        public string Name { get; }

        /// <summary>Release label (tag bluegreen:release); null when not known.</summary>
        public string? Release { get; }

        /// <summary>blue or green: the color of the target group the machine will be registered in; null when none or not known.</summary>
        public string? Color { get; }

        /// <summary>The id of the deployment launching it (tag bluegreen:deployment, written by RunInstances with the other tags); null for none.</summary>
        public string? Deployment { get; }

        /// <summary>
        /// The EC2 ClientToken of this launch: the same for every attempt of this request, so a retried
        /// RunInstances returns the instance the first attempt made instead of making a second one.
        /// </summary>
        public string ClientToken => Name; // at most 63 characters; EC2 accepts 64

        public override string ToString() => Name;
    }
}
