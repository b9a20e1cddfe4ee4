namespace BlueGreen.Django
{
    /// <summary>
    /// What <c>manage.py showmigrations</c> (list format) printed: migrations per app, with squashed migrations
    /// marked by how many they replace, and the apps that have no migrations.
    /// </summary>
    public sealed class ShowMigrationsList
    {
        public ShowMigrationsList(IReadOnlyDictionary<string, IReadOnlyList<ShowMigrationsEntry>> apps)
        {
            Apps = apps;
        }

        /// <summary>App label to its migrations (empty for an app without migrations).</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<ShowMigrationsEntry>> Apps { get; }

        public IEnumerable<string> AppsWithoutMigrations => Apps.Where(app => app.Value.Count == 0).Select(app => app.Key);

        /// <summary>Squashed migrations of <paramref name="app"/> (those printed with "(N squashed migrations)").</summary>
        public IReadOnlyList<ShowMigrationsEntry> SquashedMigrationsOf(string app) =>
            Apps.TryGetValue(app, out IReadOnlyList<ShowMigrationsEntry>? entries)
                ? entries.Where(entry => entry.SquashedCount.HasValue).ToArray()
                : new ShowMigrationsEntry[0];
    }
}
