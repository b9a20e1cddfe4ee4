using System.Globalization;

namespace BlueGreen.Sandbox.Health
{
    /// <summary>A target group's success codes: <c>200</c>, a list <c>200,202</c>, a range <c>200-299</c>, or a mix.</summary>
    internal sealed class HealthCheckMatcher
    {
        private readonly IReadOnlyList<KeyValuePair<int, int>> _ranges;

        private HealthCheckMatcher(IReadOnlyList<KeyValuePair<int, int>> ranges)
        {
            _ranges = ranges;
        }

        internal static HealthCheckMatcher Parse(string? httpCode)
        {
            var ranges = new List<KeyValuePair<int, int>>();
            foreach (string part in (httpCode ?? "200").Split(',').Select(p => p.Trim()))
            {
                string[] bounds = part.Split('-');
                if (bounds.Length > 2 || !bounds.All(b => int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code >= 200 && code <= 499))
                {
                    throw new FormatException($"Matcher HttpCode '{httpCode}' is not a code (200), a list (200,202) or a range (200-299) of codes from 200 to 499.");
                }

                int low = int.Parse(bounds[0], CultureInfo.InvariantCulture);
                int high = int.Parse(bounds[bounds.Length - 1], CultureInfo.InvariantCulture);
                if (high < low)
                {
                    throw new FormatException($"Matcher HttpCode '{httpCode}': the range '{part}' ends before it starts.");
                }

                ranges.Add(new KeyValuePair<int, int>(low, high));
            }

            return new HealthCheckMatcher(ranges);
        }

        internal bool Matches(int statusCode) => _ranges.Any(r => statusCode >= r.Key && statusCode <= r.Value);
    }
}
