namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>An EC2 key pair: the public half EC2 keeps (the private half of a created one is returned once and forgotten).</summary>
    internal sealed class KeyPair
    {
        internal KeyPair(string keyName, string keyPairId, string keyType, string fingerprint, string publicKey, DateTimeOffset createTime)
        {
            KeyName = keyName;
            KeyPairId = keyPairId;
            KeyType = keyType;
            Fingerprint = fingerprint;
            PublicKey = publicKey;
            CreateTime = createTime;
        }

        internal string KeyName { get; }

        /// <summary><c>key-</c> and 17 hex digits.</summary>
        internal string KeyPairId { get; }

        /// <summary><c>rsa</c> or <c>ed25519</c>.</summary>
        internal string KeyType { get; }

        /// <summary>As EC2 computes it (see <see cref="SshPublicKey"/>): it depends on the type and on whether EC2 made the key.</summary>
        internal string Fingerprint { get; }

        /// <summary>The public key in OpenSSH's one-line format (<c>ssh-ed25519 AAAA... name</c>): what an instance's authorized_keys holds.</summary>
        internal string PublicKey { get; }

        internal DateTimeOffset CreateTime { get; }

        internal TagSet Tags { get; } = new TagSet();
    }
}
