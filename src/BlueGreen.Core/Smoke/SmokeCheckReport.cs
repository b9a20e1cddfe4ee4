namespace BlueGreen.Smoke
{
    /// <summary>What the pre-switch smoke check fetched through the preview route, and how each path answered.</summary>
    public sealed class SmokeCheckReport
    {
        internal SmokeCheckReport(PreviewEndpoint endpoint, int expectedStatus, IReadOnlyList<SmokePathResult> paths)
        {
            Endpoint = endpoint;
            ExpectedStatus = expectedStatus;
            Paths = paths;
        }

        public PreviewEndpoint Endpoint { get; }

        public int ExpectedStatus { get; }

        /// <summary>One result per configured path, in the configured order.</summary>
        public IReadOnlyList<SmokePathResult> Paths { get; }

        public bool Passed => Paths.All(p => p.Matched);

        public IReadOnlyList<SmokePathResult> Failures => Paths.Where(p => !p.Matched).ToList();
    }
}
