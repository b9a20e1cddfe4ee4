namespace BlueGreen.Aws.ParameterStore
{
    /// <summary>
    /// The few SSM Parameter Store operations BlueGreen's deployment state needs, with SSM's semantics: names are
    /// absolute paths, values are standard-tier strings (at most <see cref="ParameterStoreLimits.MaxValueBytes"/> UTF-8 bytes), every write
    /// gets a new version, <see cref="TryCreateAsync"/> is create-if-absent (PutParameter without Overwrite), listings
    /// come in pages of at most <see cref="ParameterStoreLimits.MaxPageSize"/>. Implemented by <see cref="SsmParameterStore"/> (AWS) and, in
    /// the unit tests, by an in-memory store that enforces the same rules. Failures are
    /// <see cref="Diagnostics.BlueGreenException"/>s; "not found" and "already exists" are answers, not failures.
    /// </summary>
    public interface IParameterStore
    {
        /// <summary>The parameter, or null when there is none by that name.</summary>
        Task<StoredParameter?> GetAsync(string name, CancellationToken cancellationToken);

        /// <summary>Creates the parameter only if it does not exist. Its version (1), or null when it already existed.</summary>
        Task<long?> TryCreateAsync(string name, string value, CancellationToken cancellationToken);

        /// <summary>Creates or overwrites the parameter; returns its new version.</summary>
        Task<long> PutAsync(string name, string value, CancellationToken cancellationToken);

        /// <summary>Deletes the parameter; false when there was none.</summary>
        Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

        /// <summary>Deletes at most <see cref="ParameterStoreLimits.MaxPageSize"/> parameters in one call; returns the names that were deleted.</summary>
        Task<IReadOnlyList<string>> DeleteManyAsync(IReadOnlyList<string> names, CancellationToken cancellationToken);

        /// <summary>
        /// One page (at most <see cref="ParameterStoreLimits.MaxPageSize"/>) of the parameters under <paramref name="path"/>: the level right
        /// below it, or every level with <paramref name="recursive"/>. Pass the page's NextToken to get the next one.
        /// </summary>
        Task<ParameterPage> GetByPathAsync(string path, bool recursive, string? nextToken, CancellationToken cancellationToken);
    }
}
