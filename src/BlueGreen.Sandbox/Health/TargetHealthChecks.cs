using BlueGreen.Sandbox.Model.LoadBalancing;

namespace BlueGreen.Sandbox.Health
{
    /// <summary>
    /// ELBv2's health state machine for one target: <c>initial</c> until the healthy threshold of consecutive passes
    /// (then <c>healthy</c>) or the unhealthy threshold of consecutive failures (then <c>unhealthy</c>, with the last
    /// failure's reason); from either, the other threshold moves it back. Not thread-safe: callers hold the world's gate.
    /// </summary>
    internal sealed class TargetHealthChecks(int healthyThreshold, int unhealthyThreshold)
    {
        private readonly int _healthyThreshold = healthyThreshold;
        private readonly int _unhealthyThreshold = unhealthyThreshold;
        private int _passes;
        private int _failures;

        internal TargetHealth Health { get; private set; } = new TargetHealth("initial", "Elb.InitialHealthChecking");

        /// <summary>When the next check is due (a <see cref="System.Diagnostics.Stopwatch"/> timestamp); 0: now.</summary>
        internal long NextDue { get; set; }

        internal bool InFlight { get; set; }

        /// <summary>Takes one result; true when the reported health changed.</summary>
        internal bool Record(HealthCheckResult result)
        {
            TargetHealth before = Health;
            if (result.Passed)
            {
                _failures = 0;
                _passes++;
                if (_passes >= _healthyThreshold)
                {
                    Health = new TargetHealth("healthy");
                }
            }
            else
            {
                _passes = 0;
                _failures++;
                if (_failures >= _unhealthyThreshold || before.State == "unhealthy")
                {
                    Health = new TargetHealth("unhealthy", result.Reason, result.Description);
                }
            }

            return before.State != Health.State || before.Reason != Health.Reason || before.Description != Health.Description;
        }
    }
}
