namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>An instance's state as EC2 reports it: a code and a name (pending 0, running 16, shutting-down 32, terminated 48).</summary>
    internal sealed class InstanceState
    {
        internal static readonly InstanceState Pending = new InstanceState(0, "pending");
        internal static readonly InstanceState Running = new InstanceState(16, "running");
        internal static readonly InstanceState ShuttingDown = new InstanceState(32, "shutting-down");
        internal static readonly InstanceState Terminated = new InstanceState(48, "terminated");

        private InstanceState(int code, string name)
        {
            Code = code;
            Name = name;
        }

        internal int Code { get; }

        internal string Name { get; }
    }
}
