using System;

namespace BlueGreen.Machines
{
    /// <summary>One machine to launch: its (validated) name and the release it will run.</summary>
    public sealed class MachineLaunchRequest
    {
        public MachineLaunchRequest(string name, string? release = null)
        {
            Name = MachineName.EnsureValid(name);
            Release = release;
        }

        public string Name { get; }

        /// <summary>Release label (tag bluegreen:release); null when not known.</summary>
        public string? Release { get; }

        /// <summary>
        /// The EC2 ClientToken of this launch: the same for every attempt of this request, so a retried
        /// RunInstances returns the instance the first attempt made instead of making a second one.
        /// </summary>
        public string ClientToken => Name; // at most 63 characters; EC2 accepts 64

        public override string ToString() => Name;
    }
}
