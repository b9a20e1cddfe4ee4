namespace BlueGreen.Sandbox.Model.Parameters
{
    /// <summary>What a PutParameter call asks for; null members were not sent.</summary>
    internal sealed class ParameterPutRequest
    {
        internal string? Name { get; set; }

        internal string? Value { get; set; }

        internal string? Type { get; set; }

        internal bool Overwrite { get; set; }

        internal string? Tier { get; set; }

        internal string? DataType { get; set; }

        internal string? KeyId { get; set; }

        internal string? Description { get; set; }

        internal string? AllowedPattern { get; set; }

        internal IReadOnlyList<KeyValuePair<string, string>>? Tags { get; set; }
    }
}
