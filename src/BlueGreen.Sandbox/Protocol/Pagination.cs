using System.Globalization;
using System.Text;

namespace BlueGreen.Sandbox.Protocol
{
    /// <summary>
    /// Cuts a result list into pages for Marker/NextMarker (ELBv2) and NextToken/MaxResults (EC2) pagination. Tokens
    /// are opaque to clients; a token that does not come from this sandbox is rejected.
    /// </summary>
    internal static class Pagination
    {
        private const string TokenPrefix = "sandbox-page:";

        internal static IReadOnlyList<T> Page<T>(IReadOnlyList<T> items, string? token, int? pageSize, Func<string, AwsErrorException> invalidToken, out string? nextToken)
        {
            int start = token == null ? 0 : Decode(token, items.Count) ?? throw invalidToken(token);
            int size = pageSize ?? int.MaxValue;
            List<T> page = items.Skip(start).Take(size).ToList();
            nextToken = start + page.Count < items.Count ? Encode(start + page.Count) : null;
            return page;
        }

        internal static string Encode(int offset) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenPrefix + offset.ToString(CultureInfo.InvariantCulture)));

        private static int? Decode(string token, int count)
        {
            try
            {
                string text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                if (text.StartsWith(TokenPrefix, StringComparison.Ordinal)
                    && int.TryParse(text.Substring(TokenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int offset)
                    && offset <= count)
                {
                    return offset;
                }
            }
            catch (FormatException)
            {
                // Not base64: not one of ours.
            }

            return null;
        }
    }
}
