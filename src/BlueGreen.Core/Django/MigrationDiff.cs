using BlueGreen.Processes;

namespace BlueGreen.Django
{
    /// <summary>
    /// One migration whose state differs between the old release and the new one (Get-BgMigrationDiff's output).
    /// App, Name, OldState, RevertTarget and the New* properties are what Undo-BgMigration binds by property name.
    /// </summary>
    public sealed class MigrationDiff
    {
        public MigrationDiff(MigrationKey key, MigrationState oldState, MigrationState newState, string? revertTarget,
            string? revertBlockedReason, ManageCommand newRelease)
        {
            Key = key;
            OldState = oldState;
            NewState = newState;
            RevertTarget = revertTarget;
            RevertBlockedReason = revertBlockedReason;
            NewRelease = newRelease;
        }

        public MigrationKey Key { get; }

        public string App => Key.App;

        public string Name => Key.Name;

        public MigrationState OldState { get; }

        public MigrationState NewState { get; }

        /// <summary>True when an undo has to unapply it: the new release applied it, the old release had not.</summary>
        public bool NeedsUndo => NewState == MigrationState.Applied && OldState != MigrationState.Applied;

        /// <summary>
        /// From <c>migrate &lt;app&gt; &lt;target&gt; --plan</c> on the new release: false when Django marks one of its
        /// operations IRREVERSIBLE; null when the undo does not unapply it (or the revert target is blocked).
        /// </summary>
        public bool? Reversible { get; internal set; }

        /// <summary>
        /// The migrate target of the app: the newest migration of this app that the old release knows and has applied
        /// (or the squashed migration of the new release that stands for it), or "zero".
        /// </summary>
        public string? RevertTarget { get; }

        /// <summary>Why the app cannot be migrated back to the old release's state with the new release's code; null when it can.</summary>
        public string? RevertBlockedReason { get; }

        /// <summary>The manage command of the new release: the one that has the migration files an undo needs.</summary>
        public ManageCommand NewRelease { get; }

        public string[] NewManageCommand => NewRelease.CommandLine;

        public string? NewWorkingDirectory => NewRelease.WorkingDirectory;

        public IReadOnlyDictionary<string, string?> NewEnvironment => NewRelease.Environment;

        /// <summary>The live machine the old release's plan was read on; null when it was read with an explicit manage command.</summary>
        public string? OldMachine { get; internal set; }

        /// <summary>
        /// The idle machine the new release's plan was read on (NewManageCommand and NewEnvironment reach it, so an
        /// undo runs there); null when it was read with an explicit manage command.
        /// </summary>
        public string? NewMachine { get; internal set; }

        public override string ToString() => $"{Key}: {OldState} -> {NewState}";
    }
}
