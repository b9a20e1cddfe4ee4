using System.Text.RegularExpressions;

namespace BlueGreen.Django
{
    /// <summary>
    /// What app labels and migration names may look like before BlueGreen passes them to manage.py. They come from
    /// the output of remote commands, so anything that is not a plain identifier is refused (nothing is run):
    /// an app label is a Python identifier (ASCII), a migration name is a module file name of letters, digits and
    /// underscores (it may start with a digit, e.g. 0001_initial). "zero" is a valid target, not a migration name.
    /// </summary>
    public static class MigrationNameRules
    {
        public const string InvalidNameErrorId = "InvalidMigrationName";

        /// <summary>The target that unapplies every migration of an app.</summary>
        public const string Zero = "zero";

        private const int MaximumLength = 200;

        private static readonly Regex AppLabel = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        private static readonly Regex MigrationName = new Regex("^[A-Za-z0-9_]+$", RegexOptions.CultureInvariant);

        public static bool IsValidAppLabel(string? value) => value != null && value.Length <= MaximumLength && AppLabel.IsMatch(value);

        public static bool IsValidMigrationName(string? value) => value != null && value.Length <= MaximumLength && MigrationName.IsMatch(value);

        public static string ValidateAppLabel(string? value) =>
            IsValidAppLabel(value) ? value! : throw Invalid("app label", value, "an app label must be a Python identifier (letters, digits, underscores; not starting with a digit)");

        public static string ValidateMigrationName(string? value) =>
            IsValidMigrationName(value) ? value! : throw Invalid("migration name", value, "a migration name must consist of letters, digits and underscores only");

        /// <summary>A migrate target: a migration name or <see cref="Zero"/>.</summary>
        public static string ValidateTarget(string? value) =>
            value == Zero ? Zero : ValidateMigrationName(value);

        internal static BlueGreenException Invalid(string what, string? value, string rule) =>
            new BlueGreenException(InvalidNameErrorId, FailureCategory.InvalidData,
                $"Refusing the {what} '{Printable(value)}': {rule}. It came from manage.py output or from your input; nothing was run. Check that the manage command points at a Django project and that its output is not mixed with other text.",
                value);

        /// <summary>The value with control characters made visible and cut to a readable length, for error messages.</summary>
        internal static string Printable(string? value)
        {
            if (value == null)
            {
                return "(null)";
            }

            string shown = Regex.Replace(value, @"[\p{Cc}\p{Cf}]", match => $"\\u{(int)match.Value[0]:x4}");
            return shown.Length > 120 ? shown.Substring(0, 120) + "..." : shown;
        }
    }
}
