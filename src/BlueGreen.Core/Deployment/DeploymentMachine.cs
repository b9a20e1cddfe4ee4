namespace BlueGreen.Deployment
{
    /// <summary>A machine a deployment launched, kept or removed.</summary>
    public sealed class DeploymentMachine
    {
        public DeploymentMachine(string name, string? instanceId = null)
        {
            Name = DeploymentTextLimits.Required(name, DeploymentTextLimits.MachineName, "machine name");
            InstanceId = DeploymentTextLimits.Optional(instanceId, DeploymentTextLimits.InstanceId, "instance id");
        }

        public string Name { get; }

        public string? InstanceId { get; }

        public override string ToString() => InstanceId == null ? Name : Name + " (" + InstanceId + ")";
    }
}
