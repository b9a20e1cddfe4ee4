using System.Text.Json.Nodes;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>A fixed response: status code, and optionally a content type and body.</summary>
    internal sealed class FixedResponseActionConfig(string statusCode, string? contentType, string? messageBody)
    {
        internal string StatusCode { get; } = statusCode;

        internal string? ContentType { get; } = contentType;

        internal string? MessageBody { get; } = messageBody;

        private static readonly string[] ContentTypes = { "text/plain", "text/css", "text/html", "application/javascript", "application/json" };

        /// <summary>A fixed response from its shape (status code pattern and body length already checked by the codec).</summary>
        internal static FixedResponseActionConfig FromShape(JsonObject config)
        {
            string? contentType = (string?)config["ContentType"];
            if (contentType != null && !ContentTypes.Contains(contentType, StringComparer.Ordinal))
            {
                throw ElbV2Validation.Error($"Fixed-response content type '{contentType}' must be one of {string.Join(", ", ContentTypes)}");
            }

            return new FixedResponseActionConfig((string)config["StatusCode"]!, contentType, (string?)config["MessageBody"]);
        }

        internal JsonObject ToShape() => new JsonObject { ["MessageBody"] = MessageBody, ["StatusCode"] = StatusCode, ["ContentType"] = ContentType };
    }
}
