using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Deployment ids: the UTC start time and four random hex digits, e.g. 20261201-085300-ab12. They sort as the
    /// deployments started (to the second), and they become a parameter-name segment, so only this shape is accepted.
    /// </summary>
    public static class DeploymentIdentifier
    {
        private static readonly Regex Pattern = new Regex(@"^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}\z", RegexOptions.CultureInvariant);

        public static string New(DateTime utcNow)
        {
            byte[] random = new byte[2];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(random);
            }

            return utcNow.ToUniversalTime().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" +
                random[0].ToString("x2", CultureInfo.InvariantCulture) + random[1].ToString("x2", CultureInfo.InvariantCulture);
        }

        public static bool IsValid(string? id) => id != null && Pattern.IsMatch(id);

        /// <summary>Returns <paramref name="id"/> when it is a deployment id; otherwise throws naming the expected shape.</summary>
        public static string Require(string? id)
        {
            if (!IsValid(id))
            {
                string shown = id == null ? "(null)" : id.Length > 40 ? id.Substring(0, 40) + "…" : id;
                throw new BlueGreenException("DeploymentIdInvalid", FailureCategory.InvalidArgument,
                    $"'{shown}' is not a deployment id. Ids look like 20261201-085300-ab12 (UTC date, time, 4 hex digits); Get-BgDeployment lists them.",
                    id);
            }

            return id!;
        }
    }
}
