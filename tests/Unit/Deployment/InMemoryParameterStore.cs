using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ParameterStore;
using BlueGreen.Diagnostics;

namespace BlueGreen.Tests.Unit.Deployment
{
    /// <summary>
    /// An SSM Parameter Store in memory with SSM's rules: names (leading '/', allowed characters, at most 15 levels),
    /// values of at most 4096 UTF-8 bytes, create-if-absent, a version per write, pages of at most 10, DeleteParameters
    /// of at most 10. Faults fail chosen calls the way the real store's translated failures do. Thread-safe.
    /// </summary>
    internal sealed class InMemoryParameterStore : IParameterStore
    {
        private static readonly Regex NamePattern = new Regex("^(/[A-Za-z0-9_.-]+)+$", RegexOptions.CultureInvariant);
        private readonly object _sync = new object();
        private readonly SortedDictionary<string, StoredParameter> _parameters = new SortedDictionary<string, StoredParameter>(StringComparer.Ordinal);
        private readonly List<(string Operation, Func<string, bool> Match, int Remaining, Func<Exception> Failure)> _faults = new List<(string, Func<string, bool>, int, Func<Exception>)>();

        /// <summary>Every call in order, e.g. "PutParameter /bluegreen/shop/lock overwrite=False".</summary>
        internal List<string> Calls { get; } = new List<string>();

        /// <summary>Runs after each successful write, with the store's state: lets a test see the journal at every instant.</summary>
        internal Action<string>? AfterWrite { get; set; }

        internal IReadOnlyDictionary<string, StoredParameter> Parameters
        {
            get
            {
                lock (_sync)
                {
                    return new Dictionary<string, StoredParameter>(_parameters);
                }
            }
        }

        internal int LargestValueBytes { get; private set; }

        /// <summary>Fails the next <paramref name="count"/> calls of <paramref name="operation"/> whose name matches.</summary>
        internal void FailNext(string operation, int count, Func<string, bool>? match = null, Func<Exception>? failure = null)
        {
            lock (_sync)
            {
                _faults.Add((operation, match ?? (_ => true), count, failure ?? (() => new BlueGreenException("AwsInternalServerError", FailureCategory.ResourceUnavailable, $"AWS answered {operation} with InternalServerError after the SDK's retries."))));
            }
        }

        public Task<StoredParameter?> GetAsync(string name, CancellationToken cancellationToken)
        {
            lock (_sync)
            {
                Enter("GetParameter", name, string.Empty);
                return Task.FromResult(_parameters.TryGetValue(name, out StoredParameter? p) ? p : null);
            }
        }

        public Task<long?> TryCreateAsync(string name, string value, CancellationToken cancellationToken)
        {
            lock (_sync)
            {
                Enter("PutParameter", name, " overwrite=False");
                CheckValue(name, value);
                if (_parameters.ContainsKey(name))
                {
                    return Task.FromResult<long?>(null);
                }

                _parameters[name] = new StoredParameter(name, value, 1);
                AfterWrite?.Invoke(name);
                return Task.FromResult<long?>(1);
            }
        }

        public Task<long> PutAsync(string name, string value, CancellationToken cancellationToken)
        {
            lock (_sync)
            {
                Enter("PutParameter", name, " overwrite=True");
                CheckValue(name, value);
                long version = _parameters.TryGetValue(name, out StoredParameter? old) ? old.Version + 1 : 1;
                if (version > 100)
                {
                    throw new BlueGreenException("AwsParameterMaxVersionLimitExceeded", FailureCategory.LimitsExceeded, $"{name} has 100 versions.");
                }

                _parameters[name] = new StoredParameter(name, value, version);
                AfterWrite?.Invoke(name);
                return Task.FromResult(version);
            }
        }

        public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
        {
            lock (_sync)
            {
                Enter("DeleteParameter", name, string.Empty);
                bool existed = _parameters.Remove(name);
                AfterWrite?.Invoke(name);
                return Task.FromResult(existed);
            }
        }

        public Task<IReadOnlyList<string>> DeleteManyAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            lock (_sync)
            {
                Enter("DeleteParameters", names.FirstOrDefault() ?? string.Empty, " count=" + names.Count.ToString(CultureInfo.InvariantCulture));
                if (names.Count < 1 || names.Count > ParameterStoreLimits.MaxPageSize)
                {
                    throw new BlueGreenException("AwsValidationException", FailureCategory.InvalidArgument, $"DeleteParameters takes 1 to 10 names, not {names.Count}.");
                }

                var deleted = names.Where(n => _parameters.Remove(n)).ToList();
                return Task.FromResult<IReadOnlyList<string>>(deleted);
            }
        }

        public Task<ParameterPage> GetByPathAsync(string path, bool recursive, string? nextToken, CancellationToken cancellationToken)
        {
            lock (_sync)
            {
                Enter("GetParametersByPath", path, $" recursive={recursive} token={nextToken}");
                string root = path.TrimEnd('/') + "/";
                var matching = _parameters.Values
                    .Where(p => p.Name.StartsWith(root, StringComparison.Ordinal) && (recursive || p.Name.IndexOf('/', root.Length) < 0))
                    .ToList();
                int start = nextToken == null ? 0 : int.Parse(nextToken, CultureInfo.InvariantCulture);
                var page = matching.Skip(start).Take(ParameterStoreLimits.MaxPageSize).ToList();
                string? next = start + page.Count < matching.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null;
                return Task.FromResult(new ParameterPage(page, next));
            }
        }

        private void Enter(string operation, string name, string suffix)
        {
            Calls.Add(operation + " " + name + suffix);
            if (!(operation == "GetParametersByPath" ? NamePattern.IsMatch(name.TrimEnd('/')) || name == "/" : NamePattern.IsMatch(name)) ||
                name.Split('/').Length - 1 > ParameterStoreLimits.MaxLevels || name.Length > ParameterStoreLimits.MaxNameLength)
            {
                if (operation != "DeleteParameters")
                {
                    throw new BlueGreenException("AwsValidationException", FailureCategory.InvalidArgument, $"SSM would refuse the parameter name '{name}'.");
                }
            }

            for (int i = 0; i < _faults.Count; i++)
            {
                var fault = _faults[i];
                if (fault.Operation == operation && fault.Remaining > 0 && fault.Match(name))
                {
                    _faults[i] = (fault.Operation, fault.Match, fault.Remaining - 1, fault.Failure);
                    throw fault.Failure();
                }
            }
        }

        private void CheckValue(string name, string value)
        {
            int bytes = Encoding.UTF8.GetByteCount(value);
            if (bytes > ParameterStoreLimits.MaxValueBytes)
            {
                throw new BlueGreenException("AwsValidationException", FailureCategory.InvalidArgument, $"The value of {name} is {bytes} bytes; standard parameters hold 4096.");
            }

            LargestValueBytes = Math.Max(LargestValueBytes, bytes);
        }
    }
}
