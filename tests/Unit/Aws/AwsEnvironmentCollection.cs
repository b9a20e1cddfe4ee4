using Xunit;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>Tests that set process-wide AWS_* environment variables: run alone, never alongside other tests.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class AwsEnvironmentCollection
    {
        public const string Name = "AWS environment variables";
    }
}
