namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>What CreateListener asks for, or what ModifyListener changes (null: leave as is).</summary>
    internal sealed class ListenerDefinition
    {
        internal int? Port { get; set; }

        internal string? Protocol { get; set; }

        internal string? SslPolicy { get; set; }

        internal IReadOnlyList<ListenerCertificate>? Certificates { get; set; }

        internal IReadOnlyList<string>? AlpnPolicy { get; set; }

        internal IReadOnlyList<RuleAction>? DefaultActions { get; set; }

        internal IReadOnlyList<KeyValuePair<string, string>> Tags { get; set; } = new List<KeyValuePair<string, string>>();

        /// <summary>The request's settings in canonical form: the same port with other settings is DuplicateListener.</summary>
        internal string Fingerprint { get; set; } = string.Empty;
    }
}
