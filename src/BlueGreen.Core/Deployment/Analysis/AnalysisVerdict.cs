using System.Globalization;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// One metric check of a canary or a bake: its outcome, the figures it judged and why, in one line that the
    /// journal keeps and Get-BgDeployment shows (e.g. "Canary 08:54:10-08:54:20 Failed: 5xx 20.0% (40 of 200
    /// requests) over 5%; p90 0.031 s; unhealthy 0; alarms shop-5xx=OK").
    /// </summary>
    public sealed class AnalysisVerdict(string phase, AnalysisOutcome outcome, MetricFigures figures, string statistic, IReadOnlyList<string> reasons)
    {
        /// <summary>Canary (at a weight) or Bake.</summary>
        public string Phase { get; } = phase;

        public AnalysisOutcome Outcome { get; } = outcome;

        public MetricFigures Figures { get; } = figures;

        /// <summary>The TargetResponseTime statistic (p90, Average).</summary>
        public string Statistic { get; } = statistic;

        /// <summary>Each threshold crossed (Failed) or why it says too little (Inconclusive); empty when Passed.</summary>
        public IReadOnlyList<string> Reasons { get; } = reasons;

        /// <summary>The verdict in one line: phase, window, outcome, reasons, figures.</summary>
        public string Summary
        {
            get
            {
                MetricFigures f = Figures;
                string figures = $"{Number(f.Errors)} of {Number(f.Requests)} requests 5xx" +
                    (f.ErrorRatePercent is double rate ? $" ({rate.ToString("0.0", CultureInfo.InvariantCulture)}%)" : string.Empty) +
                    $"; {Statistic} {(f.ResponseTime is double time ? time.ToString("0.###", CultureInfo.InvariantCulture) + " s" : "no data")}" +
                    $"; unhealthy {(f.UnhealthyHosts is double unhealthy ? Number(unhealthy) : "no data")}" +
                    (f.Alarms.Count > 0 ? "; alarms " + string.Join(", ", f.Alarms) : string.Empty);
                string why = Reasons.Count > 0 ? " (" + string.Join("; ", Reasons) + ")" : string.Empty;
                return $"{Phase} {f.From.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}-{f.To.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {Outcome}{why}: {figures}";
            }
        }

        public override string ToString() => Summary;

        private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
