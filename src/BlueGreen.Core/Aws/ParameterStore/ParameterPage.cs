namespace BlueGreen.Aws.ParameterStore
{
    /// <summary>One page of a path listing; <see cref="NextToken"/> is null on the last page.</summary>
    public sealed record ParameterPage(IReadOnlyList<StoredParameter> Parameters, string? NextToken);
}
