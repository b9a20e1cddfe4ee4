namespace BlueGreen.Aws.Protocol
{
    /// <summary>One member that breaks its shape's constraints, in the wording AWS services answer with (ValidationError).</summary>
    public sealed class ShapeViolation
    {
        public ShapeViolation(string path, string? value, string constraint)
        {
            Path = path;
            Value = value;
            Constraint = constraint;
        }

        /// <summary>The member's path as AWS names it: camel case, list items as <c>actions.1.member.type</c>.</summary>
        public string Path { get; }

        /// <summary>The offending value as text; null when the member is missing.</summary>
        public string? Value { get; }

        /// <summary>What it must satisfy: <c>Member must not be null</c>, <c>Member must satisfy enum value set: [a, b]</c>.</summary>
        public string Constraint { get; }

        public override string ToString() =>
            $"Value {(Value == null ? "null" : "'" + Value + "'")} at '{Path}' failed to satisfy constraint: {Constraint}";
    }
}
