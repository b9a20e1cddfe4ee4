using BlueGreen.Aws.CloudWatch;
using BlueGreen.Configuration;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// The metric half of one watch (<see cref="WatchStep"/>): at each check it judges the new group's load balancer
    /// metrics (<see cref="MetricAnalysis"/>) over the interval just past, or three metric periods when they are longer
    /// (AWS's 60 s periods arrive late), never before the watch began; every verdict is journaled with its figures
    /// before it counts. Inactive when Analysis is off or no CloudWatch client is at hand.
    /// </summary>
    internal sealed class MetricWatch
    {
        private readonly ReleaseContext _c;
        private readonly string _phase;
        private readonly DateTime _start;
        private readonly MetricAnalysis? _analysis;
        private readonly List<AnalysisVerdict> _verdicts = new List<AnalysisVerdict>();
        private DateTime _checkedUntil;

        internal MetricWatch(ReleaseContext c, string phase, DateTime start)
        {
            _c = c;
            _phase = phase;
            _start = start;
            _checkedUntil = start;
            AnalysisSettings settings = c.Release.Config.Analysis;
            _analysis = settings.Enabled && c.Release.CloudWatch is ICloudWatch cloudWatch ? new MetricAnalysis(cloudWatch, settings) : null;
        }

        private AnalysisSettings Settings => _c.Release.Config.Analysis;

        /// <summary>Judges the metrics up to <paramref name="now"/> (once per moment); returns why the release degraded, or null.</summary>
        internal async Task<string?> CheckAsync(string groupName, string loadBalancerArn, DateTime now, CancellationToken cancellationToken)
        {
            if (_analysis == null || now <= _checkedUntil)
            {
                return null;
            }

            TimeSpan lookBack = ReleaseServices.Max(_c.Options.CheckInterval, TimeSpan.FromSeconds(3 * Settings.PeriodSeconds));
            DateTime from = now - lookBack > _start ? now - lookBack : _start;
            AnalysisVerdict verdict = await JudgeAsync(loadBalancerArn, from, now, cancellationToken).ConfigureAwait(false);
            _checkedUntil = now;
            _verdicts.Add(verdict);
            return verdict.Outcome == AnalysisOutcome.Failed || (verdict.Outcome == AnalysisOutcome.Inconclusive && Settings.FailWhenInconclusive)
                ? $"{groupName}'s metrics: {verdict.Summary}."
                : null;
        }

        /// <summary>At the end of a watch that passed: warns when every verdict was inconclusive (judged by health only).</summary>
        internal void WarnIfAllInconclusive(string groupName)
        {
            if (_verdicts.Count > 0 && _verdicts.All(v => v.Outcome == AnalysisOutcome.Inconclusive))
            {
                _c.Release.Reporter.Warning($"{_phase}: {groupName}'s metrics were inconclusive in all {_verdicts.Count} check(s) ({_verdicts[^1].Reasons[0]}): the release went on, judged by target health only. " +
                    "Send it more traffic, lower Analysis.MinRequestCount, or set Analysis.FailWhenInconclusive to stop such releases.");
            }
        }

        /// <summary>Reads and judges [<paramref name="from"/>, <paramref name="to"/>), and journals the verdict before it counts.</summary>
        private async Task<AnalysisVerdict> JudgeAsync(string loadBalancerArn, DateTime from, DateTime to, CancellationToken cancellationToken)
        {
            AnalysisVerdict verdict;
            try
            {
                MetricFigures figures = await _analysis!.ReadAsync(loadBalancerArn, _c.ToArn, from, to, cancellationToken).ConfigureAwait(false);
                verdict = MetricAnalysis.Judge(_phase, figures, Settings);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                // Metrics that cannot be read (e.g. a policy without cloudwatch:GetMetricData) say nothing about the
                // release: Inconclusive, which fails only with FailWhenInconclusive.
                _c.Release.Reporter.Warning($"{_phase}: the metrics could not be read ({ReleaseServices.FirstLine(ex.Message)}); this check is Inconclusive.");
                verdict = new AnalysisVerdict(_phase, AnalysisOutcome.Inconclusive, new MetricFigures(from, to, 0, 0, null, null, Array.Empty<AlarmReading>()),
                    Settings.ResponseTimeStatistic, new[] { "the metrics could not be read: " + ReleaseServices.FirstLine(ex.Message) });
            }

            _c.Release.Reporter.Verbose($"Metric check: {verdict.Summary}.");
            string before = _c.Record.Outputs.TryGetValue(WatchStep.VerdictOutput, out string? kept) ? kept : string.Empty;
            await _c.Journal.WriteOutputAsync(WatchStep.VerdictOutput, before + verdict.Summary + "\n", cancellationToken).ConfigureAwait(false);
            return verdict;
        }
    }
}
