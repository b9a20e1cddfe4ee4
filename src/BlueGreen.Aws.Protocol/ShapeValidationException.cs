namespace BlueGreen.Aws.Protocol
{
    /// <summary>
    /// A request or response that breaks its model: required members, enums, min/max, patterns, list lengths. The
    /// message is the one AWS services send with ValidationError (<c>2 validation errors detected: Value null at
    /// 'targets' failed to satisfy constraint: Member must not be null; ...</c>). An <see cref="ArgumentException"/>:
    /// on the client side it is the caller's input that is wrong.
    /// </summary>
    public sealed class ShapeValidationException : ArgumentException
    {
        public ShapeValidationException(IReadOnlyList<ShapeViolation> violations)
            : base(Describe(violations))
        {
            Violations = violations;
        }

        public IReadOnlyList<ShapeViolation> Violations { get; }

        private static string Describe(IReadOnlyList<ShapeViolation> violations) =>
            $"{violations.Count} validation error{(violations.Count == 1 ? string.Empty : "s")} detected: {string.Join("; ", violations.Select(v => v.ToString()))}";
    }
}
