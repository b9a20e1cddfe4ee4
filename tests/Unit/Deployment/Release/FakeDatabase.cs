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
    /// the new one (v2) adds catalog.0002_product_price when <see cref="NewMigration"/> is set, and with
    /// <see cref="Mixed"/> catalog.0003_product_sku after it (NOT NULL without a database default: incompatible) while
    /// 0002 is a nullable column (compatible). Answers what the engine runs, in Django 3.2's formats: migrate --plan
    /// (all, or to a target), manage.py shell with migration_facts.py, migrate --noinput, migrate &lt;app&gt;
    /// &lt;target&gt; (forwards or back), showmigrations --plan -v 2 and --list. <see cref="FailMigrate"/> makes a
    /// forward migrate fail after applying nothing; <see cref="AppliedInWindow"/> says whether maintenance was on when
    /// each migration was applied.
    /// </summary>
    internal sealed class FakeDatabase : ICommandRunner
    {
        private const string First = "catalog.0001_initial";
        private const string Second = "catalog.0002_product_price";
        private const string Third = "catalog.0003_product_sku";
        private readonly ReleaseWorld _world;

        internal FakeDatabase(ReleaseWorld world)
        {
            _world = world;
        }

        internal bool NewMigration { get; set; }

        /// <summary>v2 adds two migrations: 0002_product_price compatible (nullable), then 0003_product_sku incompatible.</summary>
        internal bool Mixed { get; set; }

        internal bool FailMigrate { get; set; }

        /// <summary>catalog.0002_product_price has no reverse operation (a RunPython without reverse_code).</summary>
        internal bool IrreversibleSecond { get; set; }

        /// <summary>
        /// Whether catalog.0002_product_price is compatible with the running release (a nullable column) in the facts
        /// manage.py shell returns; false (default, unless <see cref="Mixed"/>): NOT NULL without a database default, incompatible.
        /// </summary>
        internal bool NewMigrationCompatible { get; set; }

        internal HashSet<string> Applied { get; } = new HashSet<string>(StringComparer.Ordinal) { First };

        /// <summary>Each migration applied, with whether maintenance was on then (the last time it was applied).</summary>
        internal Dictionary<string, bool> AppliedInWindow { get; } = new Dictionary<string, bool>(StringComparer.Ordinal);

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

        /// <summary>What migration_facts.py prints for the migrations the new release adds, as Django 3.2 on SQLite would.</summary>
        private (int, string, string) Facts(string program)
        {
            string keys = program.Substring(0, program.IndexOf('\n', StringComparison.Ordinal));
            var lines = new List<string>();
            foreach (string key in new[] { Second, Third })
            {
                string[] parts = key.Split('.');
                if (keys.Contains($"[\"{parts[0]}\",\"{parts[1]}\"]", StringComparison.Ordinal))
                {
                    lines.Add(FactsOf(key));
                }
            }

            return lines.Count == 0 || !keys.StartsWith("KEYS = [[", StringComparison.Ordinal)
                ? (2, string.Empty, "The release tests' database knows the facts of catalog.0002_product_price and catalog.0003_product_sku only.")
                : (0, string.Join("\n", lines), string.Empty);
        }

        private string FactsOf(string key)
        {
            bool compatible = key == Second && (NewMigrationCompatible || Mixed);
            (string name, string field, string type) = key == Second ? ("0002_product_price", "price", "decimal") : ("0003_product_sku", "sku", "varchar(20)");
            string nullable = compatible ? "true" : "false";
            string column = $"\\\"{field}\\\" {type} {(compatible ? "NULL" : "NOT NULL")}";
            return MigrationFactsReader.LinePrefix + $"{{\"app\": \"catalog\", \"name\": \"{name}\", \"vendor\": \"sqlite\", \"declared\": null, \"irreversible\": null, \"operations\": [" +
                $"{{\"type\": \"AddField\", \"describe\": \"Add field {field} to product\", \"reducesToSql\": true, \"table\": \"catalog_product\", \"tableExists\": true, " +
                $"\"sql\": [\"CREATE TABLE \\\"new__catalog_product\\\" (\\\"id\\\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, {column});\"], " +
                $"\"before\": null, \"after\": {{\"column\": \"{field}\", \"type\": \"{type}\", \"null\": {nullable}, \"unique\": false, \"index\": false, \"dbDefault\": false}}}}]}}";
        }

        private IReadOnlyList<string> MigrationsOf(string release) =>
            release == "v1" || !NewMigration ? new[] { First } : Mixed ? new[] { First, Second, Third } : new[] { First, Second };

        private static string Describe(string migration) => migration == Third ? "Add field sku to product" : "Add field price to product";

        private (int, string, string) Answer(string release, string arguments)
        {
            IReadOnlyList<string> known = MigrationsOf(release);
            List<string> pending = known.Where(m => !Applied.Contains(m)).ToList();
            string[] words = arguments.Split(' ');
            if (words.Length == 4 && words[0] == "migrate" && words[1] == "catalog" && known.Contains("catalog." + words[2]))
            {
                string target = "catalog." + words[2];
                int at = known.ToList().IndexOf(target);
                List<string> back = known.Skip(at + 1).Where(Applied.Contains).Reverse().ToList();
                List<string> forth = Applied.Contains(target) ? new List<string>() : known.Take(at + 1).Where(m => !Applied.Contains(m)).ToList();
                if (words[3] == "--plan")
                {
                    return (0, "Planned operations:\n" + (back.Count + forth.Count == 0 ? "  No planned migration operations.\n" :
                        string.Join("\n", back.Select(m => m + (m == Second && IrreversibleSecond ? "\n    Raw Python operation -> IRREVERSIBLE" : "\n    Undo " + Describe(m))).Concat(forth.Select(m => m + "\n    " + Describe(m))))), string.Empty);
                }

                if (words[3] == "--noinput")
                {
                    return forth.Count > 0 ? Apply(forth, $"Target specific migration: {words[2]}, from catalog") : Unapply(back, words[2]);
                }
            }

            switch (arguments)
            {
                case "migrate --plan":
                    return (0, "Planned operations:\n" + (pending.Count == 0 ? "  No planned migration operations.\n" : string.Join("\n", pending.Select(m => m + "\n    " + Describe(m)))), string.Empty);
                case "migrate --noinput":
                    return Apply(pending, "Apply all migrations: catalog");
                case "showmigrations --plan --verbosity 2":
                    return (0, string.Join("\n", known.Select((m, i) => (Applied.Contains(m) ? "[X]  " : "[ ]  ") + m + (i == 0 ? string.Empty : $" ... ({known[i - 1]})"))), string.Empty);
                case "showmigrations --list":
                    return (0, "catalog\n" + string.Join("\n", known.Select(m => (Applied.Contains(m) ? " [X] " : " [ ] ") + m.Substring("catalog.".Length))), string.Empty);
                default:
                    return (2, string.Empty, $"The release tests' database does not answer 'manage.py {arguments}'.");
            }
        }

        private (int, string, string) Apply(IReadOnlyList<string> migrations, string operations)
        {
            if (FailMigrate)
            {
                return (1, $"Operations to perform:\n  {operations}\nRunning migrations:", "django.db.utils.OperationalError: database is locked (injected)");
            }

            foreach (string migration in migrations)
            {
                Applied.Add(migration);
                AppliedInWindow[migration] = _world.Maintenance.On;
            }

            return (0, $"Operations to perform:\n  {operations}\nRunning migrations:\n" + (migrations.Count == 0 ? "  No migrations to apply.\n" : string.Join("\n", migrations.Select(m => $"  Applying {m}... OK"))), string.Empty);
        }

        private (int, string, string) Unapply(IReadOnlyList<string> migrations, string target)
        {
            Applied.ExceptWith(migrations);
            return (0, $"Operations to perform:\n  Target specific migration: {target}, from catalog\nRunning migrations:\n" +
                (migrations.Count == 0 ? "  No migrations to apply.\n" : string.Join("\n", migrations.Select(m => $"  Unapplying {m}... OK"))), string.Empty);
        }
    }
}
