namespace BlueGreen.Deployment
{
    /// <summary>One journal step: recorded as Started before it takes effect and again when it ends.</summary>
    public sealed class DeploymentStep
    {
        public DeploymentStep(int number, string name, string? detail, DateTime startedAt, DateTime? endedAt, StepOutcome outcome, string? error)
        {
            Number = number;
            Name = name;
            Detail = detail;
            StartedAt = startedAt;
            EndedAt = endedAt;
            Outcome = outcome;
            Error = error;
        }

        /// <summary>1 for the first step of a deployment.</summary>
        public int Number { get; }

        public string Name { get; }

        public string? Detail { get; }

        public DateTime StartedAt { get; }

        /// <summary>Null while the step is Started (running, or cut off by a crash).</summary>
        public DateTime? EndedAt { get; }

        public StepOutcome Outcome { get; }

        /// <summary>A short error of a Failed step (see <see cref="DeploymentTextLimits.ShortenError"/>).</summary>
        public string? Error { get; }

        public TimeSpan? Duration => EndedAt - StartedAt;

        public override string ToString() => $"{Number}. {Name}: {Outcome}";
    }
}
