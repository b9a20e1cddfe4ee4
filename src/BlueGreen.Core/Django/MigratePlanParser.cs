namespace BlueGreen.Django
{
    /// <summary>
    /// Reads the output of <c>manage.py migrate [app target] --plan</c> (Django 3.2+): "Planned operations:", then
    /// each migration on its own line followed by its operations indented by four spaces, or
    /// "  No planned migration operations.".
    /// </summary>
    public static class MigratePlanParser
    {
        public const string MalformedErrorId = "MalformedMigratePlanOutput";

        private const string Header = "Planned operations:";

        private const string NothingPlanned = "No planned migration operations.";

        public static MigrateCommandPlan Parse(IEnumerable<string> lines, string command = "migrate --plan")
        {
            var migrations = new List<PlannedMigration>();
            MigrationKey? currentKey = null;
            List<PlannedOperation>? currentOperations = null;
            bool sawHeader = false;
            bool sawNothingPlanned = false;
            List<string> printed = (lines ?? throw new ArgumentNullException(nameof(lines))).ToList();
            foreach ((int lineNumber, string line) in ManageOutputLines.Meaningful(printed))
            {
                if (!sawHeader)
                {
                    if (line != Header)
                    {
                        throw new ManageOutputException(MalformedErrorId, command, lineNumber, line, $"comes where '{Header}' was expected");
                    }

                    sawHeader = true;
                    continue;
                }

                if (line.Trim() == NothingPlanned && migrations.Count == 0 && currentKey == null)
                {
                    sawNothingPlanned = true;
                    continue;
                }

                if (line.StartsWith("    ", StringComparison.Ordinal))
                {
                    if (currentOperations == null)
                    {
                        throw new ManageOutputException(MalformedErrorId, command, lineNumber, line, "is an operation that belongs to no migration");
                    }

                    currentOperations.Add(new PlannedOperation(line.Trim()));
                    continue;
                }

                if (sawNothingPlanned || char.IsWhiteSpace(line[0]))
                {
                    throw new ManageOutputException(MalformedErrorId, command, lineNumber, line, "is neither a migration nor one of its operations");
                }

                Flush();
                currentKey = MigrationKey.Parse(line);
                currentOperations = new List<PlannedOperation>();
            }

            Flush();
            if (!sawHeader)
            {
                throw new ManageOutputException(MalformedErrorId, command, printed.Count, string.Empty, $"ends the output without '{Header}'");
            }

            return new MigrateCommandPlan(migrations);

            void Flush()
            {
                if (currentKey != null && currentOperations != null)
                {
                    migrations.Add(new PlannedMigration(currentKey, currentOperations));
                }
            }
        }
    }
}
