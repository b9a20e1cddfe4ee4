using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Django;
using BlueGreen.Processes;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// manage.py on the release tests' machines, over one database: the old release (v1) has catalog.0001_initial,
    /// the new one (v2) adds catalog.0002_product_price when <see cref="NewMigration"/> is set. Answers what the
    /// engine runs, in Django 3.2's formats: migrate --plan (all, or back to a target), manage.py shell with migration_facts.py,
    /// migrate --noinput, migrate &lt;app&gt; &lt;target&gt;, showmigrations --plan -v 2 and --list.
    /// <see cref="FailMigrate"/> makes migrate --noinput fail after applying nothing.
    /// </summary>
    internal sealed class FakeDatabase : ICommandRunner
    {
        private const string First = "catalog.0001_initial";
        private const string Second = "catalog.0002_product_price";
        private readonly ReleaseWorld _world;

        internal FakeDatabase(ReleaseWorld world)
        {
            _world = world;
        }

        internal bool NewMigration { get; set; }

        internal bool FailMigrate { get; set; }

        /// <summary>catalog.0002_product_price has no reverse operation (a RunPython without reverse_code).</summary>
        internal bool IrreversibleSecond { get; set; }

        /// <summary>
        /// Whether catalog.0002_product_price is compatible with the running release (a nullable column) in the facts
        /// manage.py shell returns; false (default): NOT NULL without a database default, incompatible.
        /// </summary>
        internal bool NewMigrationCompatible { get; set; }

        internal HashSet<string> Applied { get; } = new HashSet<string>(StringComparer.Ordinal) { First };

        internal List<string> Commands { get; } = new List<string>();

        public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellation)
        {
            return _world.Answer<CommandResult>("manage.py", cancellation, () =>
            {
                int manage = request.Arguments.ToList().FindIndex(a => a.EndsWith("manage.py", StringComparison.Ordinal));
                string release = manage < 0 ? "v1" : request.Arguments[manage].Split('/')[2];
                string arguments = string.Join(" ", request.Arguments.Skip(manage + 1).Where(a => a != "--no-color"));
                Commands.Add(release + ": " + arguments);
                (int code, string output, string error) = arguments == string.Join(" ", MigrationFactsReader.ShellArguments) ? Facts(request.StandardInput ?? string.Empty) : Answer(release, arguments);
                var result = new CommandResult(request.DisplayText, code, CliWrapCommandRunner.SplitLines(output), error, TimeSpan.FromMilliseconds(1));
                if (code != 0 && request.ThrowOnNonZeroExit)
                {
                    throw new CommandFailedException(result);
                }

                return result;
            });
        }

        /// <summary>What migration_facts.py prints for catalog.0002_product_price (the only migration the new release adds), as Django 3.2 on SQLite would.</summary>
        private (int, string, string) Facts(string program)
        {
            if (!program.StartsWith("KEYS = [[\"catalog\",\"0002_product_price\"]]\n", StringComparison.Ordinal))
            {
                return (2, string.Empty, "The release tests' database knows the facts of catalog.0002_product_price only.");
            }

            string nullable = NewMigrationCompatible ? "true" : "false";
            string column = NewMigrationCompatible ? "\\\"price\\\" decimal NULL" : "\\\"price\\\" decimal NOT NULL";
            return (0, MigrationFactsReader.LinePrefix + "{\"app\": \"catalog\", \"name\": \"0002_product_price\", \"vendor\": \"sqlite\", \"declared\": null, \"irreversible\": null, \"operations\": [" +
                "{\"type\": \"AddField\", \"describe\": \"Add field price to product\", \"reducesToSql\": true, \"table\": \"catalog_product\", \"tableExists\": true, " +
                $"\"sql\": [\"CREATE TABLE \\\"new__catalog_product\\\" (\\\"id\\\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, {column});\"], " +
                $"\"before\": null, \"after\": {{\"column\": \"price\", \"type\": \"decimal\", \"null\": {nullable}, \"unique\": false, \"index\": false, \"dbDefault\": false}}}}]}}", string.Empty);
        }

        private IReadOnlyList<string> MigrationsOf(string release) => release != "v1" && NewMigration ? new[] { First, Second } : new[] { First };

        private (int, string, string) Answer(string release, string arguments)
        {
            IReadOnlyList<string> known = MigrationsOf(release);
            List<string> pending = known.Where(m => !Applied.Contains(m)).ToList();
            switch (arguments)
            {
                case "migrate --plan":
                    return (0, "Planned operations:\n" + (pending.Count == 0 ? "  No planned migration operations.\n" : string.Join("\n", pending.Select(m => m + "\n    Add field price to product"))), string.Empty);
                case "migrate --noinput":
                    if (FailMigrate)
                    {
                        return (1, "Operations to perform:\n  Apply all migrations: catalog\nRunning migrations:", "django.db.utils.OperationalError: database is locked (injected)");
                    }

                    Applied.UnionWith(pending);
                    return (0, "Operations to perform:\n  Apply all migrations: catalog\nRunning migrations:\n" + (pending.Count == 0 ? "  No migrations to apply.\n" : string.Join("\n", pending.Select(m => $"  Applying {m}... OK"))), string.Empty);
                case "migrate catalog 0001_initial --plan":
                    return (0, "Planned operations:\n" + (Applied.Contains(Second) ? Second + (IrreversibleSecond ? "\n    Raw Python operation -> IRREVERSIBLE\n" : "\n    Undo Add field price to product\n") : "  No planned migration operations.\n"), string.Empty);
                case "migrate catalog 0001_initial --noinput":
                    bool had = Applied.Remove(Second);
                    return (0, "Operations to perform:\n  Target specific migration: 0001_initial, from catalog\nRunning migrations:\n" + (had ? $"  Unapplying {Second}... OK\n" : "  No migrations to apply.\n"), string.Empty);
                case "showmigrations --plan --verbosity 2":
                    return (0, string.Join("\n", known.Select((m, i) => (Applied.Contains(m) ? "[X]  " : "[ ]  ") + m + (i == 0 ? string.Empty : $" ... ({known[i - 1]})"))), string.Empty);
                case "showmigrations --list":
                    return (0, "catalog\n" + string.Join("\n", known.Select(m => (Applied.Contains(m) ? " [X] " : " [ ] ") + m.Substring("catalog.".Length))), string.Empty);
                default:
                    return (2, string.Empty, $"The release tests' database does not answer 'manage.py {arguments}'.");
            }
        }
    }
}
