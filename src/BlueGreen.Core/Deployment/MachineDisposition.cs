namespace BlueGreen.Deployment
{
    /// <summary>What a deployment did with a machine.</summary>
    public enum MachineDisposition
    {
        Launched,
        Kept,
        Removed,
    }
}
