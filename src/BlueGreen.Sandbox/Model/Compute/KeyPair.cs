namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>An EC2 key pair: the public half EC2 keeps (the private half of a created one is returned once and forgotten).</summary>
    internal sealed class KeyPair(string keyName, string keyPairId, string keyType, string fingerprint, string publicKey, DateTimeOffset createTime)
    {
        internal string KeyName { get; } = keyName;

        /// <summary><c>key-</c> and 17 hex digits.</summary>
        internal string KeyPairId { get; } = keyPairId;

        /// <summary><c>rsa</c> or <c>ed25519</c>.</summary>
        internal string KeyType { get; } = keyType;

        /// <summary>As EC2 computes it (see <see cref="SshPublicKey"/>): it depends on the type and on whether EC2 made the key.</summary>
        internal string Fingerprint { get; } = fingerprint;

        /// <summary>The public key in OpenSSH's one-line format (<c>ssh-ed25519 AAAA... name</c>): what an instance's authorized_keys holds.</summary>
        internal string PublicKey { get; } = publicKey;

        internal DateTimeOffset CreateTime { get; } = createTime;

        internal TagSet Tags { get; } = new TagSet();
    }
}
