using System.Text.Json;
using BlueGreen.Sandbox.Model.Parameters;

namespace BlueGreen.Sandbox.Services.Ssm
{
    /// <summary>
    /// Writes SSM's JSON shapes: <c>Parameter</c> (GetParameter, GetParameters, GetParametersByPath),
    /// <c>ParameterMetadata</c> (DescribeParameters) and name lists.
    /// </summary>
    internal static class SsmResponseWriter
    {
        /// <summary>
        /// A <c>Parameter</c>: Name, Type, Value (a SecureString's ciphertext unless decrypted), Version, Selector when one
        /// was asked, LastModifiedDate as epoch seconds (a JSON number, as the service sends it), ARN, DataType.
        /// </summary>
        internal static void Parameter(Utf8JsonWriter json, SelectedParameter selected, bool withDecryption)
        {
            ParameterVersion version = selected.Version;
            json.WriteStartObject();
            json.WriteString("Name", selected.Parameter.Name);
            json.WriteString("Type", version.Type);
            json.WriteString("Value", version.Type == ParameterStoreState.SecureString && !withDecryption ? version.EncryptedValue : version.Value);
            json.WriteNumber("Version", version.Version);
            if (selected.Selector != null)
            {
                json.WriteString("Selector", selected.Selector);
            }

            json.WriteNumber("LastModifiedDate", version.LastModifiedDate.ToUnixTimeMilliseconds() / 1000m);
            json.WriteString("ARN", selected.Parameter.Arn);
            json.WriteString("DataType", version.DataType);
            json.WriteEndObject();
        }

        /// <summary>A <c>ParameterMetadata</c> of the current version: no value, but key, description, pattern, tier and policies.</summary>
        internal static void Metadata(Utf8JsonWriter json, StoredParameter parameter)
        {
            ParameterVersion version = parameter.Current;
            json.WriteStartObject();
            json.WriteString("Name", parameter.Name);
            json.WriteString("ARN", parameter.Arn);
            json.WriteString("Type", version.Type);
            if (version.KeyId != null)
            {
                json.WriteString("KeyId", version.KeyId);
            }

            json.WriteNumber("LastModifiedDate", version.LastModifiedDate.ToUnixTimeMilliseconds() / 1000m);
            if (version.Description != null)
            {
                json.WriteString("Description", version.Description);
            }

            if (version.AllowedPattern != null)
            {
                json.WriteString("AllowedPattern", version.AllowedPattern);
            }

            json.WriteNumber("Version", version.Version);
            json.WriteString("Tier", version.Tier);
            json.WriteStartArray("Policies");
            json.WriteEndArray();
            json.WriteString("DataType", version.DataType);
            json.WriteEndObject();
        }

        internal static void Names(Utf8JsonWriter json, string member, IEnumerable<string> names)
        {
            json.WriteStartArray(member);
            foreach (string name in names)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
        }
    }
}
