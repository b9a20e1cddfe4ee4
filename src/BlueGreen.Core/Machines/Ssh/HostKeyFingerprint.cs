namespace BlueGreen.Machines.Ssh
{
    /// <summary>One line of cloud-init's fingerprint block: <c>256 SHA256:abc... root@ip-10-0-0-5 (ED25519)</c>.</summary>
    public sealed class HostKeyFingerprint
    {
        public HostKeyFingerprint(string family, string fingerprint)
        {
            Family = family;
            Fingerprint = fingerprint;
        }

        /// <summary>ED25519, ECDSA, RSA, DSA: the family in parentheses.</summary>
        public string Family { get; }

        /// <summary>SHA256:&lt;base64 without padding&gt;.</summary>
        public string Fingerprint { get; }

        public override string ToString() => $"{Fingerprint} ({Family})";
    }
}
