namespace BlueGreen.Machines
{
    /// <summary>One launch that failed (and was cleaned up): which one, and why.</summary>
    public sealed class MachineLaunchFailure
    {
        public MachineLaunchFailure(int index, string name, BlueGreenException error)
        {
            Index = index;
            Name = name;
            Error = error;
        }

        /// <summary>0-based number of the launch in its batch.</summary>
        public int Index { get; }

        public string Name { get; }

        public BlueGreenException Error { get; }

        public override string ToString() => $"{Name}: {Error.Message}";
    }
}
