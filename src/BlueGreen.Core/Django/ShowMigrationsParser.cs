using System.Text.RegularExpressions;

namespace BlueGreen.Django
{
    /// <summary>
    /// Reads the output of <c>manage.py showmigrations</c>: the plan format (<c>--plan</c>, verbosity 1 or 2) and the
    /// list format. Every app label and migration name is validated; a line that is neither Django's nor a known
    /// warning is an error (<see cref="ManageOutputException"/>), never skipped.
    /// </summary>
    public static class ShowMigrationsParser
    {
        public const string MalformedErrorId = "MalformedShowMigrationsOutput";

        private static readonly Regex PlanLine = new Regex(
            @"^\[(?<mark>.)\]\s+(?<key>.+?)(?:\s+\.\.\.\s+\((?<deps>[^()]*)\))?$", RegexOptions.CultureInvariant);

        private static readonly Regex ListEntry = new Regex(@"^\s+\[(?<mark>.)\]\s+(?<name>\S+)(?<rest>.*)$", RegexOptions.CultureInvariant);

        private static readonly Regex ListEntrySuffix = new Regex(
            @"^(?:\s+(?:\((?<count>\d+) squashed migrations\)|\(applied at [^()]*\)|Run 'manage\.py migrate' to finish recording\.))*$",
            RegexOptions.CultureInvariant);

        private const string NoMigrations = "(no migrations)";

        /// <summary>Parses <c>showmigrations --plan</c>; <paramref name="withDependencies"/> says it ran with <c>-v 2</c>.</summary>
        public static ShowMigrationsPlan ParsePlan(IEnumerable<string> lines, bool withDependencies)
        {
            const string command = "showmigrations --plan";
            var entries = new List<ShowMigrationsEntry>();
            var seen = new HashSet<MigrationKey>();
            bool sawNoMigrations = false;
            List<string> printed = (lines ?? throw new ArgumentNullException(nameof(lines))).ToList();
            foreach ((int lineNumber, string line) in ManageOutputLines.Meaningful(printed))
            {
                if (line.Trim() == NoMigrations)
                {
                    sawNoMigrations = true;
                    continue;
                }

                Match match = PlanLine.Match(line);
                if (!match.Success)
                {
                    throw new ManageOutputException(MalformedErrorId, command, lineNumber, line, "is not a migration line such as '[X]  app.0001_initial'");
                }

                MigrationMark mark = ParseMark(match.Groups["mark"].Value, command, lineNumber, line);
                MigrationKey key = MigrationKey.Parse(match.Groups["key"].Value);
                if (!seen.Add(key))
                {
                    throw new ManageOutputException(MalformedErrorId, command, lineNumber, line, $"lists {key} a second time");
                }

                var dependencies = new List<MigrationKey>();
                if (match.Groups["deps"].Success)
                {
                    if (!withDependencies)
                    {
                        throw new ManageOutputException(MalformedErrorId, command, lineNumber, line, "has a dependency suffix although verbosity 1 was asked for");
                    }

                    foreach (string dependency in match.Groups["deps"].Value.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
                    {
                        dependencies.Add(MigrationKey.Parse(dependency.Trim()));
                    }
                }

                entries.Add(new ShowMigrationsEntry(key, mark, dependencies));
            }

            if (entries.Count == 0 && !sawNoMigrations)
            {
                throw new ManageOutputException(MalformedErrorId, command, printed.Count, string.Empty,
                    "ends the output without a single migration line or '(no migrations)'");
            }

            if (withDependencies)
            {
                foreach (ShowMigrationsEntry entry in entries)
                {
                    MigrationKey? unknown = entry.Dependencies.FirstOrDefault(dependency => !seen.Contains(dependency));
                    if (unknown != null)
                    {
                        throw new ManageOutputException(MalformedErrorId, command, 0, entry.ToString(),
                            $"depends on {unknown}, which the plan does not list");
                    }
                }
            }

            return new ShowMigrationsPlan(entries, withDependencies);
        }

        /// <summary>Parses the list format of <c>showmigrations</c> (any verbosity, Django 3.2 to 5.x).</summary>
        public static ShowMigrationsList ParseList(IEnumerable<string> lines)
        {
            const string command = "showmigrations --list";
            var apps = new Dictionary<string, List<ShowMigrationsEntry>>(StringComparer.Ordinal);
            List<ShowMigrationsEntry>? current = null;
            string? currentApp = null;
            List<string> printed = (lines ?? throw new ArgumentNullException(nameof(lines))).ToList();
            foreach ((int lineNumber, string line) in ManageOutputLines.Meaningful(printed))
            {
                if (!char.IsWhiteSpace(line[0]))
                {
                    currentApp = MigrationNameRules.ValidateAppLabel(line);
                    if (apps.ContainsKey(currentApp))
                    {
                        throw new ManageOutputException(MalformedErrorId, command, lineNumber, line, $"names the app {currentApp} a second time");
                    }

                    current = new List<ShowMigrationsEntry>();
                    apps.Add(currentApp, current);
                    continue;
                }

                if (current == null || currentApp == null)
                {
                    throw new ManageOutputException(MalformedErrorId, command, lineNumber, line, "comes before any app label");
                }

                if (line.Trim() == NoMigrations)
                {
                    continue;
                }

                Match match = ListEntry.Match(line);
                Match suffix = match.Success ? ListEntrySuffix.Match(match.Groups["rest"].Value) : Match.Empty;
                if (!match.Success || !suffix.Success)
                {
                    throw new ManageOutputException(MalformedErrorId, command, lineNumber, line, "is not a migration line such as ' [X] 0001_initial'");
                }

                MigrationMark mark = ParseMark(match.Groups["mark"].Value, command, lineNumber, line);
                int? count = suffix.Groups["count"].Success ? int.Parse(suffix.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
                current.Add(new ShowMigrationsEntry(new MigrationKey(currentApp, match.Groups["name"].Value), mark, null, count));
            }

            if (apps.Count == 0)
            {
                throw new ManageOutputException(MalformedErrorId, command, printed.Count, string.Empty, "ends the output without naming a single app");
            }

            return new ShowMigrationsList(apps.ToDictionary(app => app.Key, app => (IReadOnlyList<ShowMigrationsEntry>)app.Value, StringComparer.Ordinal));
        }

        private static MigrationMark ParseMark(string mark, string command, int lineNumber, string line)
        {
            switch (mark)
            {
                case "X":
                    return MigrationMark.Applied;
                case " ":
                    return MigrationMark.NotApplied;
                case "-":
                    return MigrationMark.AppliedNotRecorded;
                default:
                    throw new ManageOutputException(MalformedErrorId, command, lineNumber, line, $"has the unknown box '[{mark}]' (expected [X], [ ] or [-])");
            }
        }
    }
}
