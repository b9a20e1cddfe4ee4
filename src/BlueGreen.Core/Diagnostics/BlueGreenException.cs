namespace BlueGreen.Diagnostics
{
    /// <summary>
    /// An engine failure with a stable error id and a category. The cmdlet layer turns it into an ErrorRecord
    /// (id prefixed by the cmdlet name, category mapped 1:1 to PowerShell's ErrorCategory).
    /// Messages say what was wrong and what to do.
    /// </summary>
    public class BlueGreenException : Exception
    {
        public BlueGreenException(string errorId, FailureCategory category, string message, object? target = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId ?? throw new ArgumentNullException(nameof(errorId));
            Category = category;
            Target = target;
        }

        /// <summary>Stable id without the cmdlet prefix, e.g. "NoIdleGroup".</summary>
        public string ErrorId { get; }

        public FailureCategory Category { get; }

        /// <summary>The object the failure is about (an ARN, a machine, a setting name).</summary>
        public object? Target { get; }
    }
}
