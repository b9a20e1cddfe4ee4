namespace BlueGreen.Smoke
{
    /// <summary>
    /// The new release did not answer as expected through the preview route: id SmokeCheckFailed (InvalidResult) when a
    /// path answered another status or could not be fetched, SmokeCheckTimeout (OperationTimeout) when every failing path
    /// timed out. <see cref="Report"/> has every path's result.
    /// </summary>
    public sealed class SmokeCheckFailedException : BlueGreenException
    {
        internal SmokeCheckFailedException(string errorId, FailureCategory category, string message, SmokeCheckReport report)
            : base(errorId, category, message, report.Endpoint.BaseAddress.ToString())
        {
            Report = report;
        }

        public SmokeCheckReport Report { get; }
    }
}
