namespace BlueGreen.Deployment
{
    /// <summary>One journal step: recorded as Started before it takes effect and again when it ends.</summary>
    public sealed class DeploymentStep(int number, string name, string? detail, DateTime startedAt, DateTime? endedAt, StepOutcome outcome, string? error)
    {
        /// <summary>1 for the first step of a deployment.</summary>
        public int Number { get; } = number;

        public string Name { get; } = name;

        public string? Detail { get; } = detail;

        public DateTime StartedAt { get; } = startedAt;

        /// <summary>Null while the step is Started (running, or cut off by a crash).</summary>
        public DateTime? EndedAt { get; } = endedAt;

        public StepOutcome Outcome { get; } = outcome;

        /// <summary>A short error of a Failed step (see <see cref="DeploymentTextLimits.ShortenError"/>).</summary>
        public string? Error { get; } = error;

        public TimeSpan? Duration => EndedAt - StartedAt;

        public override string ToString() => $"{Number}. {Name}: {Outcome}";
    }
}
