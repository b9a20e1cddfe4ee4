namespace BlueGreen.Smoke
{
    /// <summary>How one configured path answered through the preview route (its last try).</summary>
    public sealed class SmokePathResult
    {
        internal SmokePathResult(string path, Uri url)
        {
            Path = path;
            Url = url;
        }

        public string Path { get; }

        public Uri Url { get; }

        /// <summary>The HTTP status of the last try; null when it timed out or could not connect.</summary>
        public int? Status { get; internal set; }

        /// <summary>How long the last try took.</summary>
        public TimeSpan Elapsed { get; internal set; }

        /// <summary>Tries made (1 when the first one answered the expected status).</summary>
        public int Attempts { get; internal set; }

        public bool Matched { get; internal set; }

        public bool TimedOut { get; internal set; }

        /// <summary>Why the last try got no status (connection refused, certificate rejected, timeout), or null.</summary>
        public string? Error { get; internal set; }

        /// <summary>The start of the body (whitespace collapsed, at most <see cref="PreviewSmokeCheck.BodyExcerptLength"/> characters) when the status did not match.</summary>
        public string? BodyExcerpt { get; internal set; }

        /// <summary>"answered 500", "got no answer within 10 s" or "failed: …".</summary>
        public string Outcome =>
            Status != null ? "answered " + Status.Value
            : TimedOut ? "got " + Error
            : "failed: " + Error;

        public override string ToString() => $"{Path} {Outcome}";
    }
}
