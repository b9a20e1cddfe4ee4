using System;
using System.Collections.Generic;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>Sets environment variables for the life of a test and restores the previous values afterwards.</summary>
    internal sealed class EnvironmentVariableScope : IDisposable
    {
        private readonly Dictionary<string, string?> _previous = new Dictionary<string, string?>();

        internal EnvironmentVariableScope Set(string name, string? value)
        {
            if (!_previous.ContainsKey(name))
            {
                _previous[name] = Environment.GetEnvironmentVariable(name);
            }

            Environment.SetEnvironmentVariable(name, value);
            return this;
        }

        public void Dispose()
        {
            foreach (KeyValuePair<string, string?> variable in _previous)
            {
                Environment.SetEnvironmentVariable(variable.Key, variable.Value);
            }
        }
    }
}
