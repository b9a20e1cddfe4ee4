namespace BlueGreen.Machines
{
    /// <summary>One launch that failed (and was cleaned up): which one, and why.</summary>
    public sealed class MachineLaunchFailure(int index, string name, BlueGreenException error)
    {
        /// <summary>0-based number of the launch in its batch.</summary>
        public int Index { get; } = index;

        public string Name { get; } = name;

        public BlueGreenException Error { get; } = error;

        public override string ToString() => $"{Name}: {Error.Message}";
    }
}
