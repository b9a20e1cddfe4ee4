using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Diagnostics;
using BlueGreen.Processes;

namespace BlueGreen.Django
{
    /// <summary>
    /// Reads the facts of pending migrations on the new release, in one <c>manage.py shell</c>: the program
    /// (migration_facts.py, embedded) goes in on standard input and collects, per operation, the SQL Django would run
    /// (as sqlmigrate collects it, against the real database vendor), the table and the column before and after.
    /// Changes nothing. <see cref="MigrationCompatibilityRules"/> judges what it returns.
    /// </summary>
    public static class MigrationFactsReader
    {
        public const string LinePrefix = "BLUEGREEN-MIGRATION-FACTS ";

        public const string MalformedErrorId = "MalformedMigrationFacts";

        /// <summary>The manage.py arguments: a shell whose one command runs what comes on standard input.</summary>
        public static readonly IReadOnlyList<string> ShellArguments = new[] { "shell", "--no-startup", "-c", "import sys; exec(sys.stdin.read())" };

        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };

        private static readonly Lazy<string> Script = new Lazy<string>(() =>
        {
            using Stream stream = typeof(MigrationFactsReader).Assembly.GetManifestResourceStream("BlueGreen.Django.migration_facts.py")
                ?? throw new InvalidOperationException("migration_facts.py is not embedded in BlueGreen.Core.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        });

        /// <summary>The program for <paramref name="keys"/>: a line KEYS = [...] then migration_facts.py.</summary>
        public static string Program(IEnumerable<MigrationKey> keys) =>
            "KEYS = " + JsonSerializer.Serialize(keys.Select(k => new[] { k.App, k.Name })) + "\n" + Script.Value;

        public static async Task<IReadOnlyList<MigrationFacts>> ReadAsync(ICommandRunner runner, ManageCommand release, IReadOnlyList<MigrationKey> keys,
            IOperationReporter reporter, CancellationToken cancellation)
        {
            if (keys.Count == 0)
            {
                return Array.Empty<MigrationFacts>();
            }

            CommandRequest request = release.CreateRequest(ShellArguments);
            request.StandardInput = Program(keys);
            reporter.Verbose($"Running {request.DisplayText} (migration_facts.py for {string.Join(", ", keys)})");
            CommandResult result = await runner.RunAsync(request, cancellation).ConfigureAwait(false);
            IReadOnlyList<MigrationFacts> facts = Parse(result.StandardOutput, "shell (BlueGreen's migration_facts.py on standard input)");
            MigrationKey? missing = keys.FirstOrDefault(k => !facts.Any(f => f.Key.Equals(k)));
            if (missing != null)
            {
                throw new BlueGreenException(MalformedErrorId, FailureCategory.InvalidResult,
                    $"manage.py shell (migration_facts.py) printed no facts for {missing}. Run it by hand to see why: {request.DisplayText}", missing.ToString());
            }

            return keys.Select(k => facts.First(f => f.Key.Equals(k))).ToList();
        }

        /// <summary>The facts in the lines that start with <see cref="LinePrefix"/>; any other line (warnings) is left out.</summary>
        public static IReadOnlyList<MigrationFacts> Parse(IEnumerable<string> lines, string command = "manage.py shell")
        {
            var facts = new List<MigrationFacts>();
            int number = 0;
            foreach (string line in lines)
            {
                number++;
                if (!line.StartsWith(LinePrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                try
                {
                    facts.Add(JsonSerializer.Deserialize<MigrationFacts>(line.Substring(LinePrefix.Length), Json)
                        ?? throw new JsonException("null"));
                }
                catch (JsonException ex)
                {
                    throw new ManageOutputException(MalformedErrorId, command, number, line, "is not the JSON BlueGreen's migration_facts.py prints: " + ex.Message);
                }
            }

            return facts;
        }
    }
}
