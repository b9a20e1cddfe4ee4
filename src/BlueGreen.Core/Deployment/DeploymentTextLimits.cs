using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Length and character limits of the texts BlueGreen keeps in its state. They live in JSON values, never in
    /// names, so they only need limits that keep every record within one 4 KB parameter value; JSON is written
    /// with non-ASCII characters as UTF-8 (at most 3 bytes per UTF-16 unit) and control characters are refused, so
    /// the worst case of each record is known and tested.
    /// </summary>
    public static class DeploymentTextLimits
    {
        public const int Message = 512;
        public const int Release = 128;
        public const int Operation = 48;
        public const int Holder = 128;
        public const int Color = 32;
        public const int StepName = 48;
        public const int StepDetail = 300;

        /// <summary>Step errors longer than this are kept cut, with a marker saying how long they were (see <see cref="ShortenError"/>).</summary>
        public const int StepError = 800;

        public const int MachineName = 128;
        public const int InstanceId = 64;
        public const int Migration = 255;

        private static readonly Regex OperationPattern = new Regex(@"^[A-Za-z][A-Za-z0-9-]{0,47}\z", RegexOptions.CultureInvariant);
        private static readonly Regex StepNamePattern = new Regex(@"^[A-Za-z][A-Za-z0-9 _.:-]{0,47}\z", RegexOptions.CultureInvariant);

        /// <summary>
        /// Null or blank is null (PowerShell passes $null to a string as ""); otherwise the text must be at most
        /// <paramref name="maxLength"/> characters without control characters.
        /// </summary>
        public static string? Optional(string? value, int maxLength, string what) => string.IsNullOrWhiteSpace(value) ? null : Required(value, maxLength, what);

        public static string Required(string? value, int maxLength, string what)
        {
            if (value == null || value.Trim().Length == 0)
            {
                throw new BlueGreenException("StateTextMissing", FailureCategory.InvalidArgument, $"The {what} is empty. Give a short text.", what);
            }

            if (value.Length > maxLength)
            {
                throw new BlueGreenException("StateTextTooLong", FailureCategory.InvalidArgument,
                    $"The {what} is {value.Length} characters long; BlueGreen keeps at most {maxLength} (state values are limited to 4 KB). Shorten it.", what);
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                bool badSurrogate = char.IsHighSurrogate(c) ? i + 1 >= value.Length || !char.IsLowSurrogate(value[++i]) : char.IsLowSurrogate(c);
                if (char.IsControl(c) || badSurrogate || c == '\u2028' || c == '\u2029')
                {
                    throw new BlueGreenException("StateTextInvalid", FailureCategory.InvalidArgument,
                        $"The {what} holds a control character or a broken character (at {i}). Use printable text on one line.", what);
                }
            }

            return value.Trim();
        }

        public static string OperationName(string? value)
        {
            if (value == null || !OperationPattern.IsMatch(value))
            {
                throw new BlueGreenException("StateOperationInvalid", FailureCategory.InvalidArgument,
                    $"The operation name must be a word such as Start-BgDeployment (letters, digits, '-', at most {Operation}).", value);
            }

            return value;
        }

        public static string StepNameText(string? value)
        {
            if (value == null || !StepNamePattern.IsMatch(value))
            {
                throw new BlueGreenException("StateStepNameInvalid", FailureCategory.InvalidArgument,
                    $"The step name must start with a letter and hold letters, digits, spaces or _.:- (at most {StepName}).", value);
            }

            return value;
        }

        /// <summary>
        /// An error text as kept in a step: control characters become spaces, and one longer than
        /// <see cref="StepError"/> is cut with a visible marker giving its full length (the full error is in the
        /// cmdlet's error output). Never cut silently.
        /// </summary>
        public static string ShortenError(string error)
        {
            var text = new StringBuilder(Math.Min(error.Length, StepError));
            foreach (char c in error)
            {
                text.Append(char.IsControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
            }

            string clean = text.ToString().Trim();
            if (clean.Length <= StepError)
            {
                return clean;
            }

            string marker = string.Format(CultureInfo.InvariantCulture, " […cut: {0} characters in all]", clean.Length);
            int keep = StepError - marker.Length;
            if (char.IsHighSurrogate(clean[keep - 1]))
            {
                keep--;
            }

            return clean.Substring(0, keep) + marker;
        }

        /// <summary>user@host of this process, without control characters, at most <see cref="Holder"/> characters.</summary>
        public static string CurrentOperator()
        {
            string raw = SafeEnvironment(() => Environment.UserName) + "@" + SafeEnvironment(() => Environment.MachineName);
            var text = new StringBuilder();
            foreach (char c in raw)
            {
                if (!char.IsControl(c) && !char.IsSurrogate(c))
                {
                    text.Append(c);
                }
            }

            string holder = text.ToString();
            return holder.Length <= Holder ? holder : holder.Substring(0, Holder);
        }

        private static string SafeEnvironment(Func<string> read)
        {
            try
            {
                string value = read();
                return string.IsNullOrEmpty(value) ? "unknown" : value;
            }
            catch (InvalidOperationException)
            {
                return "unknown";
            }
        }
    }
}
