namespace BlueGreen.Sandbox.Model.Parameters
{
    /// <summary>A parameter looked up by name, optionally with a version selector (<c>/app/db:3</c>): which version was chosen.</summary>
    internal sealed class SelectedParameter
    {
        internal SelectedParameter(StoredParameter parameter, ParameterVersion version, string? selector)
        {
            Parameter = parameter;
            Version = version;
            Selector = selector;
        }

        internal StoredParameter Parameter { get; }

        internal ParameterVersion Version { get; }

        /// <summary>The selector as asked (<c>:3</c>), or null for the current version.</summary>
        internal string? Selector { get; }
    }
}
