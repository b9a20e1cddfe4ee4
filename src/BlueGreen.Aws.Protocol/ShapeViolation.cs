namespace BlueGreen.Aws.Protocol
{
    /// <summary>One member that breaks its shape's constraints, in the wording AWS services answer with (ValidationError).</summary>
    /// <param name="Path">The member's path as AWS names it: camel case, list items as <c>actions.1.member.type</c>.</param>
    /// <param name="Value">The offending value as text; null when the member is missing.</param>
    /// <param name="Constraint">What it must satisfy: <c>Member must not be null</c>, <c>Member must satisfy enum value set: [a, b]</c>.</param>
    public sealed record ShapeViolation(string Path, string? Value, string Constraint)
    {
        public override string ToString() =>
            $"Value {(Value == null ? "null" : "'" + Value + "'")} at '{Path}' failed to satisfy constraint: {Constraint}";
    }
}
