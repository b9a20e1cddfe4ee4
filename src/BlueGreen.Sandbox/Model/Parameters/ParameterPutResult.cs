namespace BlueGreen.Sandbox.Model.Parameters
{
    /// <summary>What PutParameter answers: the new version and the tier the parameter is in.</summary>
    internal sealed class ParameterPutResult
    {
        internal ParameterPutResult(long version, string tier)
        {
            Version = version;
            Tier = tier;
        }

        internal long Version { get; }

        internal string Tier { get; }
    }
}
