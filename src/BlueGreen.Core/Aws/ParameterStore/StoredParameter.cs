namespace BlueGreen.Aws.ParameterStore
{
    /// <summary>One parameter as read from the store.</summary>
    /// <param name="Version">1 when created, one more on every overwrite.</param>
    public sealed record StoredParameter(string Name, string Value, long Version);
}
