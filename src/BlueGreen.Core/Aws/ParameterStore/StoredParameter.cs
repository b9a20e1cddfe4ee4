namespace BlueGreen.Aws.ParameterStore
{
    /// <summary>One parameter as read from the store.</summary>
    public sealed class StoredParameter
    {
        public StoredParameter(string name, string value, long version)
        {
            Name = name;
            Value = value;
            Version = version;
        }

        public string Name { get; }

        public string Value { get; }

        /// <summary>1 when created, one more on every overwrite.</summary>
        public long Version { get; }
    }
}
