using System.Collections.Generic;

namespace BlueGreen.Sandbox.Model.Parameters
{
    /// <summary>One <c>ParameterStringFilter</c> of GetParametersByPath: a key (Type, KeyId, Label), an option and values.</summary>
    internal sealed class ParameterFilter
    {
        internal ParameterFilter(string key, string? option, IReadOnlyList<string> values)
        {
            Key = key;
            Option = option;
            Values = values;
        }

        internal string Key { get; }

        /// <summary>Null when not sent (Equals).</summary>
        internal string? Option { get; }

        internal IReadOnlyList<string> Values { get; }
    }
}
