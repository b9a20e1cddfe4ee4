namespace BlueGreen.Sandbox.Protocol
{
    /// <summary>
    /// The parts of a Signature Version 4 <c>Authorization</c> header:
    /// <c>AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=ab12...</c>.
    /// The sandbox accepts any credentials; it parses the header to learn the service and region the client meant.
    /// </summary>
    internal sealed class SigV4Authorization(string accessKeyId, string date, string region, string service, IReadOnlyList<string> signedHeaders, string signature)
    {
        internal const string Algorithm = "AWS4-HMAC-SHA256";

        internal string AccessKeyId { get; } = accessKeyId;

        /// <summary>The credential scope date, <c>yyyyMMdd</c>.</summary>
        internal string Date { get; } = date;

        internal string Region { get; } = region;

        /// <summary>The credential scope service: <c>elasticloadbalancing</c>, <c>ec2</c>.</summary>
        internal string Service { get; } = service;

        internal IReadOnlyList<string> SignedHeaders { get; } = signedHeaders;

        internal string Signature { get; } = signature;

        /// <summary>Parses a header value; null with a reason when it is not a well-formed SigV4 header.</summary>
        internal static SigV4Authorization? TryParse(string header, out string? problem)
        {
            problem = null;
            string text = header.Trim();
            if (!text.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            {
                problem = $"Authorization header requires the algorithm {Algorithm}.";
                return null;
            }

            var parts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string component in text.Substring(Algorithm.Length).Split(','))
            {
                string part = component.Trim();
                int equals = part.IndexOf('=');
                if (equals <= 0)
                {
                    problem = $"Authorization header component '{part}' is not of the form Name=Value.";
                    return null;
                }

                parts[part.Substring(0, equals)] = part.Substring(equals + 1);
            }

            foreach (string required in new[] { "Credential", "SignedHeaders", "Signature" })
            {
                if (!parts.ContainsKey(required))
                {
                    problem = $"Authorization header requires '{required}' parameter.";
                    return null;
                }
            }

            string[] scope = parts["Credential"].Split('/');
            if (scope.Length != 5 || scope[4] != "aws4_request" || scope.Take(4).Any(string.IsNullOrEmpty))
            {
                problem = $"Credential should be scoped to a valid region, service and date: 'AKID/yyyyMMdd/region/service/aws4_request', got '{parts["Credential"]}'.";
                return null;
            }

            return new SigV4Authorization(scope[0], scope[1], scope[2], scope[3],
                parts["SignedHeaders"].Split(';'), parts["Signature"]);
        }
    }
}
