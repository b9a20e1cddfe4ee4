using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace BlueGreen.Deployment
{
    /// <summary>Lock ids: 16 random lowercase hex digits, known to the holder and shown by Get-BgDeploymentLock.</summary>
    public static class LockIdentifier
    {
        private static readonly Regex Pattern = new Regex(@"^[0-9a-f]{16}\z", RegexOptions.CultureInvariant);

        public static string New()
        {
            byte[] random = new byte[8];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(random);
            }

            var text = new StringBuilder(16);
            foreach (byte b in random)
            {
                text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        public static string Require(string? lockId)
        {
            if (lockId == null || !Pattern.IsMatch(lockId))
            {
                string shown = lockId == null ? "(null)" : lockId.Length > 40 ? lockId.Substring(0, 40) + "…" : lockId;
                throw new BlueGreenException("LockIdInvalid", FailureCategory.InvalidArgument,
                    $"'{shown}' is not a lock id. Lock ids are 16 hex digits; Get-BgDeploymentLock shows the current one.", lockId);
            }

            return lockId;
        }
    }
}
