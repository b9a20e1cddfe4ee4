using System.Collections.Generic;

namespace BlueGreen.Aws.ParameterStore
{
    /// <summary>One page of a path listing; <see cref="NextToken"/> is null on the last page.</summary>
    public sealed class ParameterPage
    {
        public ParameterPage(IReadOnlyList<StoredParameter> parameters, string? nextToken)
        {
            Parameters = parameters;
            NextToken = nextToken;
        }

        public IReadOnlyList<StoredParameter> Parameters { get; }

        public string? NextToken { get; }
    }
}
