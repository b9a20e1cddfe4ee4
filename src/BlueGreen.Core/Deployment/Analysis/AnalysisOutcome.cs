namespace BlueGreen.Deployment
{
    /// <summary>What one metric check found: the release may go on, must go back, or the figures say too little.</summary>
    public enum AnalysisOutcome
    {
        Passed,
        Failed,

        /// <summary>Fewer requests than Analysis.MinRequestCount: reported, and failing only with FailWhenInconclusive.</summary>
        Inconclusive,
    }
}
