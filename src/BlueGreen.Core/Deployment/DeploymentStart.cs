namespace BlueGreen.Deployment
{
    /// <summary>What a deployment that starts says about itself (see <see cref="DeploymentState.StartAsync"/>).</summary>
    public sealed class DeploymentStart
    {
        /// <summary>The cmdlet or job that runs it, e.g. Start-BgDeployment.</summary>
        public string Operation { get; set; } = "Start-BgDeployment";

        public string Release { get; set; } = string.Empty;

        public string? FromColor { get; set; }

        public string? ToColor { get; set; }

        public string? Message { get; set; }
    }
}
