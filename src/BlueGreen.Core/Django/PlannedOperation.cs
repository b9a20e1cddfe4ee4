namespace BlueGreen.Django
{
    /// <summary>One operation line of <c>migrate --plan</c>, e.g. "Undo Add field sku to product" or "Raw Python operation -> IRREVERSIBLE".</summary>
    public sealed class PlannedOperation
    {
        internal const string IrreversibleSuffix = " -> IRREVERSIBLE";

        public PlannedOperation(string description)
        {
            Description = description;
        }

        public string Description { get; }

        /// <summary>Django marks an operation it cannot run backwards (RunPython without reverse code, RunSQL without reverse SQL).</summary>
        public bool IsIrreversible => Description.EndsWith(IrreversibleSuffix, System.StringComparison.Ordinal);

        public override string ToString() => Description;
    }
}
