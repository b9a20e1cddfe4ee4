using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Machine names: &lt;prefix&gt;&lt;8 hex&gt;, letters, digits, dots and dashes, starting with a letter or digit.
    /// A name or prefix that could be read as an option (--driver=none) or carry shell syntax (x; rm -rf /) is
    /// rejected before it reaches any command line or AWS call.
    /// </summary>
    public static class MachineName
    {
        /// <summary>Longest machine name (a DNS label, which docker-machine and EC2 Name tags both accept).</summary>
        public const int MaxLength = 63;

        /// <summary>Length of the random part of a generated name.</summary>
        public const int RandomSuffixLength = 8;

        private static readonly Regex ValidName = new Regex("^[a-zA-Z0-9][a-zA-Z0-9.-]*$", RegexOptions.CultureInvariant);

        public static bool IsValid(string? name) =>
            !string.IsNullOrEmpty(name) && name!.Length <= MaxLength && ValidName.IsMatch(name);

        /// <summary>Throws <see cref="BlueGreenException"/> (InvalidMachineName) unless <paramref name="name"/> is a valid machine name.</summary>
        public static string EnsureValid(string? name)
        {
            if (!IsValid(name))
            {
                throw new BlueGreenException("InvalidMachineName", FailureCategory.InvalidArgument,
                    $"'{name}' is not a valid machine name. A machine name has at most {MaxLength} characters: letters, digits, '.' and '-', starting with a letter or digit.",
                    name);
            }

            return name!;
        }

        /// <summary>
        /// Throws <see cref="BlueGreenException"/> (InvalidMachinePrefix) unless <paramref name="prefix"/> can start a
        /// valid machine name with room for the random suffix. An empty prefix is refused: it would make every
        /// machine on the account look like one of the project's.
        /// </summary>
        public static string EnsureValidPrefix(string? prefix)
        {
            if (string.IsNullOrEmpty(prefix) || prefix!.Length > MaxLength - RandomSuffixLength || !ValidName.IsMatch(prefix))
            {
                throw new BlueGreenException("InvalidMachinePrefix", FailureCategory.InvalidArgument,
                    $"'{prefix}' is not a valid machine prefix. Set Machines.Prefix in bluegreen.psd1 (or -Prefix) to at most {MaxLength - RandomSuffixLength} letters, digits, '.' and '-', starting with a letter or digit, e.g. 'myproject-prod-'.",
                    prefix);
            }

            return prefix;
        }

        /// <summary>A new name: the prefix followed by 8 random hex digits (what 'openssl rand -hex 4' gave the seed).</summary>
        public static string CreateUnique(string prefix)
        {
            EnsureValidPrefix(prefix);
            var bytes = new byte[RandomSuffixLength / 2];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }

            return prefix + BitConverter.ToString(bytes).Replace("-", string.Empty).ToLowerInvariant();
        }

        /// <summary>Whether <paramref name="name"/> is one of the machines named with <paramref name="prefix"/>.</summary>
        public static bool HasPrefix(string name, string prefix) =>
            name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length;
    }
}
