namespace BlueGreen.Sandbox.DataPlane
{
    /// <summary>Whether listeners answer real requests (see <see cref="AwsSandbox.DataPlaneListeners"/>).</summary>
    public enum DataPlaneStatus
    {
        /// <summary>Turned off (<see cref="SandboxOptions.DataPlane"/> false, Start-BgSandbox -NoDataPlane).</summary>
        Off,

        /// <summary>On, not started yet: it starts with the first listener.</summary>
        Idle,

        /// <summary>The data plane process runs and serves every HTTP/HTTPS listener.</summary>
        Running,

        /// <summary>It could not start or it died; <see cref="AwsSandbox.DataPlaneProblem"/> says why. The AWS API still works.</summary>
        Failed,

        /// <summary>The sandbox stopped.</summary>
        Stopped,
    }
}
