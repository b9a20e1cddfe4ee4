namespace BlueGreen.Machines.Ssh
{
    /// <summary>One line of cloud-init's fingerprint block: <c>256 SHA256:abc... root@ip-10-0-0-5 (ED25519)</c>.</summary>
    public sealed class HostKeyFingerprint(string family, string fingerprint)
    {
        /// <summary>ED25519, ECDSA, RSA, DSA: the family in parentheses.</summary>
        public string Family { get; } = family;

        /// <summary>SHA256:&lt;base64 without padding&gt;.</summary>
        public string Fingerprint { get; } = fingerprint;

        public override string ToString() => $"{Fingerprint} ({Family})";
    }
}
