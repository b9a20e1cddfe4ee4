using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace BlueGreen.Aws.ParameterStore
{
    /// <summary>
    /// <see cref="IParameterStore"/> on AWS Systems Manager Parameter Store (AWSSDK.SimpleSystemsManagement): plain
    /// String parameters of the standard tier. The SDK's own retry handles throttling and 5xx answers; what still fails
    /// leaves as a <see cref="Diagnostics.BlueGreenException"/> (see <see cref="AwsFailureTranslator"/>).
    /// </summary>
    public sealed class SsmParameterStore(IAmazonSimpleSystemsManagement ssm) : IParameterStore, IDisposable
    {
        private readonly IAmazonSimpleSystemsManagement _ssm = ssm ?? throw new ArgumentNullException(nameof(ssm));

        public Task<StoredParameter?> GetAsync(string name, CancellationToken cancellationToken) =>
            AwsFailureTranslator.InvokeAsync("GetParameter", name, async () =>
            {
                try
                {
                    GetParameterResponse response = await _ssm.GetParameterAsync(new GetParameterRequest { Name = name }, cancellationToken).ConfigureAwait(false);
                    return (StoredParameter?)ToStored(response.Parameter);
                }
                catch (ParameterNotFoundException)
                {
                    return null;
                }
            });

        public Task<long?> TryCreateAsync(string name, string value, CancellationToken cancellationToken) =>
            AwsFailureTranslator.InvokeAsync("PutParameter", name, async () =>
            {
                try
                {
                    PutParameterResponse response = await _ssm.PutParameterAsync(NewPut(name, value, overwrite: false), cancellationToken).ConfigureAwait(false);
                    return (long?)(response.Version ?? 1);
                }
                catch (ParameterAlreadyExistsException)
                {
                    return null;
                }
            });

        public Task<long> PutAsync(string name, string value, CancellationToken cancellationToken) =>
            AwsFailureTranslator.InvokeAsync("PutParameter", name, async () =>
            {
                PutParameterResponse response = await _ssm.PutParameterAsync(NewPut(name, value, overwrite: true), cancellationToken).ConfigureAwait(false);
                return response.Version ?? 0;
            });

        public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
            AwsFailureTranslator.InvokeAsync("DeleteParameter", name, async () =>
            {
                try
                {
                    await _ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = name }, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (ParameterNotFoundException)
                {
                    return false;
                }
            });

        public Task<IReadOnlyList<string>> DeleteManyAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            if (names.Count == 0 || names.Count > ParameterStoreLimits.MaxPageSize)
            {
                throw new ArgumentOutOfRangeException(nameof(names), $"DeleteParameters takes 1 to {ParameterStoreLimits.MaxPageSize} names, not {names.Count}.");
            }

            return AwsFailureTranslator.InvokeAsync("DeleteParameters", names[0], async () =>
            {
                DeleteParametersResponse response = await _ssm.DeleteParametersAsync(new DeleteParametersRequest { Names = names.ToList() }, cancellationToken).ConfigureAwait(false);
                return (IReadOnlyList<string>)(response.DeletedParameters ?? new List<string>());
            });
        }

        public Task<ParameterPage> GetByPathAsync(string path, bool recursive, string? nextToken, CancellationToken cancellationToken) =>
            AwsFailureTranslator.InvokeAsync("GetParametersByPath", path, async () =>
            {
                var request = new GetParametersByPathRequest
                {
                    Path = path,
                    Recursive = recursive,
                    MaxResults = ParameterStoreLimits.MaxPageSize,
                    NextToken = nextToken,
                };
                GetParametersByPathResponse response = await _ssm.GetParametersByPathAsync(request, cancellationToken).ConfigureAwait(false);
                var parameters = (response.Parameters ?? new List<Parameter>()).Select(ToStored).ToList();
                return new ParameterPage(parameters, string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken);
            });

        public void Dispose() => _ssm.Dispose();

        private static PutParameterRequest NewPut(string name, string value, bool overwrite) => new PutParameterRequest
        {
            Name = name,
            Value = value,
            Type = ParameterType.String,
            Tier = ParameterTier.Standard,
            Overwrite = overwrite,
        };

        private static StoredParameter ToStored(Parameter parameter) =>
            new StoredParameter(parameter.Name, parameter.Value ?? string.Empty, parameter.Version ?? 0);
    }
}
