namespace BlueGreen.Sandbox.Model.Monitoring
{
    /// <summary>
    /// The samples of one metric in one period: sum, count, minimum, maximum and (for times) the values themselves, so
    /// that buckets add up into longer periods and percentiles (p90) come from the real values.
    /// </summary>
    internal sealed class MetricBucket
    {
        private const int MaxValues = 20000;
        private readonly List<double> _values = new List<double>();

        internal double Sum { get; private set; }

        internal double SampleCount { get; private set; }

        internal double Minimum { get; private set; } = double.MaxValue;

        internal double Maximum { get; private set; } = double.MinValue;

        /// <summary>Adds <paramref name="count"/> samples of <paramref name="value"/> (a count metric adds n samples of 1).</summary>
        internal void Add(double value, int count = 1, bool keep = false)
        {
            if (count <= 0)
            {
                return;
            }

            Sum += value * count;
            SampleCount += count;
            Minimum = Math.Min(Minimum, value);
            Maximum = Math.Max(Maximum, value);
            if (keep && _values.Count < MaxValues)
            {
                _values.AddRange(Enumerable.Repeat(value, Math.Min(count, MaxValues - _values.Count)));
            }
        }

        internal void AddAll(MetricBucket other)
        {
            if (other.SampleCount == 0)
            {
                return;
            }

            Sum += other.Sum;
            SampleCount += other.SampleCount;
            Minimum = Math.Min(Minimum, other.Minimum);
            Maximum = Math.Max(Maximum, other.Maximum);
            _values.AddRange(other._values.Take(MaxValues - _values.Count));
        }

        /// <summary>
        /// The statistic CloudWatch names <paramref name="stat"/>: Sum, Average, Minimum, Maximum, SampleCount, or a
        /// percentile pNN / pNN.N (nearest rank over the kept values; a metric without kept values has all samples
        /// between its minimum and maximum, equal for counts). Null when the name is none of these.
        /// </summary>
        internal double? Statistic(string stat)
        {
            switch (stat)
            {
                case "Sum":
                    return Sum;
                case "SampleCount":
                    return SampleCount;
                case "Average":
                    return Sum / SampleCount;
                case "Minimum":
                    return Minimum;
                case "Maximum":
                    return Maximum;
            }

            if (stat.Length > 1 && (stat[0] == 'p' || stat[0] == 'P')
                && double.TryParse(stat.Substring(1), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double percentile)
                && percentile >= 0 && percentile <= 100)
            {
                if (_values.Count == 0)
                {
                    return percentile >= 50 ? Maximum : Minimum;
                }

                List<double> sorted = _values.OrderBy(v => v).ToList();
                int rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
                return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
            }

            return null;
        }

        /// <summary>Whether <see cref="Statistic"/> knows <paramref name="stat"/>.</summary>
        internal static bool IsStatistic(string stat)
        {
            var one = new MetricBucket();
            one.Add(1);
            return one.Statistic(stat) != null;
        }
    }
}
