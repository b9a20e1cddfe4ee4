namespace BlueGreen.Aws.ParameterStore
{
    /// <summary>The SSM Parameter Store limits BlueGreen designs for (standard tier).</summary>
    public static class ParameterStoreLimits
    {
        /// <summary>A standard-tier value holds at most 4 KB; counted here as UTF-8 bytes.</summary>
        public const int MaxValueBytes = 4096;

        /// <summary>GetParametersByPath returns at most 10 per call; DeleteParameters takes at most 10 names.</summary>
        public const int MaxPageSize = 10;

        /// <summary>SSM allows at most 15 levels in a parameter name.</summary>
        public const int MaxLevels = 15;

        /// <summary>SSM's limit on the length of a parameter name (without the ARN part).</summary>
        public const int MaxNameLength = 1011;
    }
}
