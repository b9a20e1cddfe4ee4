using System.Globalization;
using System.Text.RegularExpressions;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>ELBv2's ValidationError and the member checks that raise it, with ELBv2's wording.</summary>
    internal static class ElbV2Validation
    {
        private static readonly Regex ResourceNamePattern = new Regex("^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$");

        /// <summary>ELBv2's ValidationError with <paramref name="message"/>.</summary>
        internal static AwsErrorException Error(string message) => new AwsErrorException("ValidationError", message);

        /// <summary>A load balancer or target group name: 1-32 letters, digits or hyphens, no hyphen at either end.</summary>
        internal static void Name(string name, string kind)
        {
            if (!ResourceNamePattern.IsMatch(name))
            {
                throw Error($"The {kind} name '{name}' must have 1-32 alphanumeric characters or hyphens, and must not begin or end with a hyphen");
            }
        }

        /// <summary>An enum member: one of <paramref name="allowed"/>.</summary>
        internal static void OneOf(string value, string member, params string[] allowed)
        {
            if (!allowed.Contains(value, StringComparer.Ordinal))
            {
                throw Error($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
            }
        }

        internal static void Port(int port, string member)
        {
            if (port < 1 || port > 65535)
            {
                throw Error($"1 validation error detected: Value '{port}' at '{member}' failed to satisfy constraint: Member must have value between 1 and 65535");
            }
        }

        internal static int Number(string text, string member) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
                ? value
                : throw Error($"Value '{text}' at '{member}' is not a valid number");
    }
}
