using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BlueGreen.Sandbox.Model.Parameters
{
    /// <summary>One version of a Parameter Store parameter: what PutParameter stored, as GetParameter returns it.</summary>
    internal sealed class ParameterVersion(long version, string type, string value, string tier, string dataType, string? keyId, string? description, string? allowedPattern, DateTimeOffset lastModifiedDate)
    {
        /// <summary>1 for the first version, one more for every PutParameter with Overwrite.</summary>
        internal long Version { get; } = version;

        /// <summary><c>String</c>, <c>StringList</c> or <c>SecureString</c>.</summary>
        internal string Type { get; } = type;

        /// <summary>The plain value (a SecureString's decrypted one).</summary>
        internal string Value { get; } = value;

        /// <summary><c>Standard</c> or <c>Advanced</c> (Intelligent-Tiering resolves to one of them).</summary>
        internal string Tier { get; } = tier;

        /// <summary><c>text</c>, <c>aws:ec2:image</c> or <c>aws:ssm:integration</c>.</summary>
        internal string DataType { get; } = dataType;

        /// <summary>The KMS key of a SecureString (<c>alias/aws/ssm</c> by default); null for other types.</summary>
        internal string? KeyId { get; } = keyId;

        internal string? Description { get; } = description;

        internal string? AllowedPattern { get; } = allowedPattern;

        internal DateTimeOffset LastModifiedDate { get; } = lastModifiedDate;

        /// <summary>
        /// What a SecureString's value reads as without decryption: an opaque base64 blob, as KMS ciphertext is. The
        /// sandbox derives it from key, version and value (a hash, not reversible), so it is stable but reveals nothing.
        /// </summary>
        internal string EncryptedValue
        {
            get
            {
                using var sha = SHA256.Create();
                byte[] digest = sha.ComputeHash(Encoding.UTF8.GetBytes($"{KeyId}\n{Version.ToString(CultureInfo.InvariantCulture)}\n{Value}"));
                return "AQICAH" + Convert.ToBase64String(digest);
            }
        }
    }
}
