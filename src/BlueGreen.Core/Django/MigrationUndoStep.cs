namespace BlueGreen.Django
{
    /// <summary>One <c>manage.py migrate &lt;app&gt; &lt;target&gt;</c> of an undo and every migration it unapplies (in any app).</summary>
    public sealed class MigrationUndoStep
    {
        public MigrationUndoStep(string app, string target, IReadOnlyList<MigrationKey> unapplies)
        {
            App = MigrationNameRules.ValidateAppLabel(app);
            Target = MigrationNameRules.ValidateTarget(target);
            Unapplies = unapplies;
        }

        public string App { get; }

        public string Target { get; }

        /// <summary>In the order Django unapplies them (newest first); includes dependents in other apps.</summary>
        public IReadOnlyList<MigrationKey> Unapplies { get; }

        /// <summary>The manage.py arguments of the step.</summary>
        public IReadOnlyList<string> MigrateArguments => new[] { "migrate", App, Target, "--no-color", "--noinput" };

        /// <summary>The manage.py arguments that only print the step's plan.</summary>
        public IReadOnlyList<string> PlanArguments => new[] { "migrate", App, Target, "--plan", "--no-color" };

        public string Description => $"migrate {App} {Target}";

        public override string ToString() => $"{Description}: unapplies {string.Join(", ", Unapplies.Select(key => key.ToString()))}";
    }
}
