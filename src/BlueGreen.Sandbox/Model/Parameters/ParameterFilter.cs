namespace BlueGreen.Sandbox.Model.Parameters
{
    /// <summary>One <c>ParameterStringFilter</c> of GetParametersByPath: a key (Type, KeyId, Label), an option and values.</summary>
    /// <param name="Option">Null when not sent (Equals).</param>
    internal sealed record ParameterFilter(string Key, string? Option, IReadOnlyList<string> Values);
}
