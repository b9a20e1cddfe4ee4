namespace BlueGreen.Sandbox.Model.Parameters
{
    /// <summary>A parameter looked up by name, optionally with a version selector (<c>/app/db:3</c>): which version was chosen.</summary>
    /// <param name="Selector">The selector as asked (<c>:3</c>), or null for the current version.</param>
    internal sealed record SelectedParameter(StoredParameter Parameter, ParameterVersion Version, string? Selector);
}
