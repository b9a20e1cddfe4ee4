namespace BlueGreen.Sandbox.Model.Parameters
{
    /// <summary>What PutParameter answers: the new version and the tier the parameter is in.</summary>
    internal sealed record ParameterPutResult(long Version, string Tier);
}
