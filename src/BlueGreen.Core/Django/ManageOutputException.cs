namespace BlueGreen.Django
{
    /// <summary>manage.py printed something BlueGreen cannot read with certainty; nothing was run because of it.</summary>
    public sealed class ManageOutputException : BlueGreenException
    {
        public ManageOutputException(string errorId, string command, int lineNumber, string line, string problem)
            : base(errorId, FailureCategory.InvalidData,
                $"Cannot read the output of 'manage.py {command}': line {lineNumber} ('{MigrationNameRules.Printable(line)}') {problem}. Nothing was changed. Run 'manage.py {command}' by hand on the same target and check that its output is Django's alone (no shell banners, no prints from settings on stdout).",
                line)
        {
            Command = command;
            LineNumber = lineNumber;
            Line = line;
        }

        public string Command { get; }

        public int LineNumber { get; }

        public string Line { get; }
    }
}
