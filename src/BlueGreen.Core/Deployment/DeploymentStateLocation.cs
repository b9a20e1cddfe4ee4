using System.Globalization;
using System.Text.RegularExpressions;
using BlueGreen.Aws.ParameterStore;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// Where a project's deployment state lives in Parameter Store, and the only place parameter names are made.
    /// Under the prefix (default <c>/bluegreen/&lt;project&gt;/</c>):
    /// <list type="bullet">
    /// <item><c>lock</c>: the deployment lock (one JSON value);</item>
    /// <item><c>history/&lt;id&gt;</c>: one compact header per deployment (listed with one GetParametersByPath);</item>
    /// <item><c>journal/&lt;id&gt;/steps/&lt;NNN&gt;</c>: one parameter per step;</item>
    /// <item><c>journal/&lt;id&gt;/machines/&lt;launched|kept|removed&gt;/&lt;NNN&gt;</c> and
    /// <c>journal/&lt;id&gt;/migrations/&lt;NNN&gt;</c>: lists in pages that each fit one value.</item>
    /// </list>
    /// Every segment that comes from data (the deployment id, the step number, the page) is validated, so no name
    /// ever leaves the prefix.
    /// </summary>
    public sealed class DeploymentStateLocation
    {
        /// <summary>The prefix may have at most this many levels: the layout below it adds at most five (SSM allows 15).</summary>
        public const int MaxPrefixLevels = 10;

        private const int MaxPrefixLength = 512;
        private static readonly Regex PrefixPattern = new Regex(@"^(/[A-Za-z0-9_.-]+)+/\z", RegexOptions.CultureInvariant);
        private static readonly Regex ProjectPattern = new Regex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}\z", RegexOptions.CultureInvariant);

        private DeploymentStateLocation(string project, string prefix)
        {
            Project = project;
            Prefix = prefix;
        }

        public string Project { get; }

        /// <summary>Absolute, ending in '/', e.g. /bluegreen/shop/.</summary>
        public string Prefix { get; }

        public string LockName => Prefix + "lock";

        /// <summary>The path whose direct children are the deployment headers.</summary>
        public string HistoryPath => Prefix + "history";

        public string JournalRoot => Prefix + "journal";

        /// <summary>The default prefix of a project: /bluegreen/&lt;project&gt;/.</summary>
        public static string DefaultPrefix(string project) => "/bluegreen/" + project + "/";

        /// <summary>
        /// The location of <paramref name="project"/>'s state, under <paramref name="prefix"/> or the default one.
        /// A project name or prefix that SSM would not accept, or that could reach outside its place, is refused.
        /// </summary>
        public static DeploymentStateLocation For(string project, string? prefix = null)
        {
            if (project == null || !ProjectPattern.IsMatch(project))
            {
                throw new BlueGreenException("StateProjectNameInvalid", FailureCategory.InvalidArgument,
                    $"The project name '{Printable(project)}' cannot name deployment state: use letters, digits, '.', '_' or '-' (at most 63), starting with a letter or digit.",
                    project);
            }

            string effective = prefix ?? DefaultPrefix(project);
            if (!effective.EndsWith("/", StringComparison.Ordinal))
            {
                effective += "/";
            }

            ValidatePrefix(effective);
            return new DeploymentStateLocation(project, effective);
        }

        /// <summary>Throws unless <paramref name="prefix"/> is an SSM path BlueGreen can put its layout under.</summary>
        public static void ValidatePrefix(string prefix)
        {
            string? problem = null;
            if (prefix.Length > MaxPrefixLength)
            {
                problem = $"is {prefix.Length} characters long (at most {MaxPrefixLength})";
            }
            else if (!PrefixPattern.IsMatch(prefix))
            {
                problem = "must start with '/', and hold only letters, digits, '_', '.', '-' and single '/' between levels";
            }
            else
            {
                string[] levels = prefix.Trim('/').Split('/');
                if (levels.Length > MaxPrefixLevels)
                {
                    problem = $"has {levels.Length} levels (at most {MaxPrefixLevels}: SSM allows {ParameterStoreLimits.MaxLevels} and BlueGreen adds up to 5)";
                }
                else if (Array.Exists(levels, l => l == "." || l == ".."))
                {
                    problem = "has a '.' or '..' level";
                }
                else if (levels[0].StartsWith("aws", StringComparison.OrdinalIgnoreCase) || levels[0].StartsWith("ssm", StringComparison.OrdinalIgnoreCase))
                {
                    problem = "starts with 'aws' or 'ssm', which SSM reserves";
                }
            }

            if (problem != null)
            {
                throw new BlueGreenException("StatePrefixInvalid", FailureCategory.InvalidArgument,
                    $"The deployment state prefix '{Printable(prefix)}' {problem}. Use a path such as /bluegreen/shop/ (setting State.Prefix).",
                    prefix);
            }
        }

        public string HeaderName(string deploymentId) => HistoryPath + "/" + DeploymentIdentifier.Require(deploymentId);

        public string JournalPath(string deploymentId) => JournalRoot + "/" + DeploymentIdentifier.Require(deploymentId);

        public string StepName(string deploymentId, int number) => JournalPath(deploymentId) + "/steps/" + Number(number);

        public string MachinePagePath(string deploymentId, MachineDisposition disposition) =>
            JournalPath(deploymentId) + "/machines/" + disposition.ToString().ToLowerInvariant();

        public string MigrationPagePath(string deploymentId) => JournalPath(deploymentId) + "/migrations";

        public string FactsName(string deploymentId) => JournalPath(deploymentId) + "/facts";

        /// <summary>
        /// Page <paramref name="number"/> of slot <paramref name="slot"/> of the paged fact <paramref name="key"/>:
        /// journal/&lt;id&gt;/facts-&lt;key&gt;/&lt;slot&gt;&lt;NNN&gt; (see <see cref="FactPages"/>).
        /// </summary>
        public string FactPageName(string deploymentId, string key, string slot, int number) =>
            JournalPath(deploymentId) + "/" + FactPages.PathSegment(key) + "/" + FactPages.RequireSlot(slot) + Number(number);

        public string OutputName(string deploymentId, string name) => JournalPath(deploymentId) + "/output/" + name;

        /// <summary>Page or step numbers as a fixed-width name segment, so names sort as numbers do.</summary>
        internal static string Number(int number)
        {
            if (number < 1 || number > 999)
            {
                throw new ArgumentOutOfRangeException(nameof(number), "Step and page numbers run from 1 to 999.");
            }

            return number.ToString("000", CultureInfo.InvariantCulture);
        }

        /// <summary>True when <paramref name="name"/> lies under this location's prefix.</summary>
        public bool Contains(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

        private static string Printable(string? value)
        {
            if (value == null)
            {
                return "(null)";
            }

            var text = new System.Text.StringBuilder();
            foreach (char c in value.Length > 80 ? value.Substring(0, 80) + "…" : value)
            {
                text.Append(char.IsControl(c) ? '?' : c);
            }

            return text.ToString();
        }
    }
}
