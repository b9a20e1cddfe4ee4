using System.Globalization;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// What a deployment decided and must remember to resume, typed: the groups traffic goes from and to, the machines
    /// (counted on, every name tried, the old ones), the migrations found and where they run, when it switched, and
    /// whether it is being taken back. Kept in the journal as string facts (<see cref="FromFacts"/> and
    /// <see cref="ToFacts"/>, in the keys deployments have always been journaled with); the options are
    /// <see cref="ReleaseOptions"/>' own facts.
    /// </summary>
    public sealed record DeploymentFacts
    {
        /// <summary>ARN of the group traffic goes from (the live group when the deployment started).</summary>
        public string FromArn { get; init; } = string.Empty;

        /// <summary>ARN of the group the new machines go into and traffic goes to.</summary>
        public string ToArn { get; init; } = string.Empty;

        /// <summary>How many new machines the deployment runs.</summary>
        public int Count { get; init; }

        /// <summary>The new machines' names the deployment counts on.</summary>
        public IReadOnlyList<string> Names { get; init; } = Array.Empty<string>();

        /// <summary>Every name the deployment ever launched under, as journaled (see <see cref="EveryTried"/>).</summary>
        public IReadOnlyList<string> Tried { get; init; } = Array.Empty<string>();

        /// <summary>The old release's machines, kept for Undo-BgDeployment.</summary>
        public IReadOnlyList<string> OldNames { get; init; } = Array.Empty<string>();

        /// <summary>Pending migrations found by CheckMigrations; null when not read yet (treated as some).</summary>
        public int? Pending { get; init; }

        /// <summary>The new machine migrations run on (the one CheckMigrations read).</summary>
        public string? MigrateOn { get; init; }

        /// <summary>
        /// The pending migrations (app.name) the running release may not survive (incompatible or unknown), as
        /// CheckMigrations judged them; empty: every one is compatible; null when not judged (deployments journaled
        /// before, or not read yet): treated as some.
        /// </summary>
        public IReadOnlyList<string>? Incompatible { get; init; }

        /// <summary>
        /// Auto with a window: the compatible pending migrations no incompatible one precedes in the plan (app.name, in
        /// plan order), migrated before the window opens while the old release serves; empty or null: none.
        /// </summary>
        public IReadOnlyList<string>? BeforeWindow { get; init; }

        /// <summary>Start's maintenance decision and its reason (e.g. "no window: every pending migration (1) is compatible with the running release").</summary>
        public string? MaintenanceWhy { get; init; }

        /// <summary>Undo's (or the automatic rollback's) decision on the order and the window, with its reason.</summary>
        public string? UndoWhy { get; init; }

        /// <summary>Every migration this deployment applies was judged compatible with the old release (none incompatible or unknown).</summary>
        public bool AllCompatible => Incompatible is { Count: 0 };

        /// <summary>When all traffic went to the new release.</summary>
        public DateTime? SwitchedAt { get; init; }

        /// <summary>An undo (Undo-BgDeployment or an automatic rollback) began: resuming would deploy onto a reverted database.</summary>
        public bool Undoing { get; init; }

        /// <summary>Whether the deployment's migrations were reverted (or none were left); null when never recorded.</summary>
        public bool? MigrationsReverted { get; init; }

        /// <summary>Tried and Names together, without repeats: every machine this deployment may have made.</summary>
        public IReadOnlyList<string> EveryTried => Tried.Concat(Names).Distinct(StringComparer.Ordinal).ToList();

        /// <summary>Reads the facts of any deployment journaled by Start-BgDeployment (missing keys stay at their defaults).</summary>
        public static DeploymentFacts FromFacts(IReadOnlyDictionary<string, string> facts) => new DeploymentFacts
        {
            FromArn = Get(facts, "from") ?? string.Empty,
            ToArn = Get(facts, "to") ?? string.Empty,
            Count = Int(Get(facts, "count")) ?? 0,
            Names = Split(Get(facts, "names")),
            Tried = Split(Get(facts, "tried")),
            OldNames = Split(Get(facts, "old")),
            Pending = Int(Get(facts, "pending")),
            MigrateOn = Get(facts, "migrateOn"),
            Incompatible = Get(facts, "incompatible") is string incompatible ? Split(incompatible) : null,
            BeforeWindow = Get(facts, "beforeWindow") is string beforeWindow ? Split(beforeWindow) : null,
            MaintenanceWhy = Get(facts, "maintenanceWhy"),
            UndoWhy = Get(facts, "undoWhy"),
            SwitchedAt = DateTime.TryParse(Get(facts, "switchedAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime at) ? at : (DateTime?)null,
            Undoing = Get(facts, "undoing") == "1",
            MigrationsReverted = Get(facts, "migrationsReverted") switch { "1" => true, "0" => false, _ => null },
        };

        /// <summary>The facts to journal: every member that is set, in the order and format deployments have always used.</summary>
        public IEnumerable<KeyValuePair<string, string>> ToFacts()
        {
            if (FromArn.Length > 0)
            {
                yield return Fact("from", FromArn);
            }

            if (ToArn.Length > 0)
            {
                yield return Fact("to", ToArn);
            }

            yield return Fact("count", Count.ToString(CultureInfo.InvariantCulture));
            yield return Fact("names", string.Join(",", Names));
            yield return Fact("tried", string.Join(",", Tried));
            yield return Fact("old", string.Join(",", OldNames));
            if (Pending is int pending)
            {
                yield return Fact("pending", pending.ToString(CultureInfo.InvariantCulture));
            }

            if (MigrateOn != null)
            {
                yield return Fact("migrateOn", MigrateOn);
            }

            if (Incompatible != null)
            {
                yield return Fact("incompatible", string.Join(",", Incompatible));
            }

            if (BeforeWindow != null)
            {
                yield return Fact("beforeWindow", string.Join(",", BeforeWindow));
            }

            if (MaintenanceWhy != null)
            {
                yield return Fact("maintenanceWhy", MaintenanceWhy);
            }

            if (UndoWhy != null)
            {
                yield return Fact("undoWhy", UndoWhy);
            }

            if (SwitchedAt is DateTime switchedAt)
            {
                yield return Fact("switchedAt", switchedAt.ToString("o", CultureInfo.InvariantCulture));
            }

            if (Undoing)
            {
                yield return Fact("undoing", "1");
            }

            if (MigrationsReverted is bool reverted)
            {
                yield return Fact("migrationsReverted", reverted ? "1" : "0");
            }
        }

        /// <summary>The facts of <paramref name="changed"/> that differ from these (what a merge into the journal needs).</summary>
        public IReadOnlyList<KeyValuePair<string, string>> ChangesTo(DeploymentFacts changed)
        {
            Dictionary<string, string> before = ToFacts().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            return changed.ToFacts().Where(p => !before.TryGetValue(p.Key, out string? value) || value != p.Value).ToList();
        }

        private static KeyValuePair<string, string> Fact(string key, string value) => new KeyValuePair<string, string>(key, value);

        private static string? Get(IReadOnlyDictionary<string, string> facts, string key) => facts.TryGetValue(key, out string? v) ? v : null;

        private static int? Int(string? value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : (int?)null;

        private static IReadOnlyList<string> Split(string? value) => (value ?? string.Empty).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
    }
}
