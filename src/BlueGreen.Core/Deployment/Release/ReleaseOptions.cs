using System.Globalization;
using BlueGreen.Configuration;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// What one Start-BgDeployment asked for, after the configuration's defaults and the cmdlet's parameters. Written
    /// to the journal's facts when the deployment starts, so Resume-BgDeployment goes on with exactly these.
    /// </summary>
    public sealed class ReleaseOptions
    {
        public string Release { get; set; } = string.Empty;

        /// <summary>Machines to launch; null: as many as the live group has.</summary>
        public int? Count { get; set; }

        public MaintenancePolicy Maintenance { get; set; } = MaintenancePolicy.Auto;

        /// <summary>At most this many canary steps (-CanarySteps).</summary>
        public const int MaxCanarySteps = 5;

        /// <summary>1-99 for a canary first; 0 switches all at once. With <see cref="CanarySteps"/>, their first weight.</summary>
        public int CanaryWeight { get; set; }

        /// <summary>
        /// A multi-step canary: the new release's weights in order (e.g. 10, 50), each watched for
        /// <see cref="CanaryDuration"/> before the next, then the full switch. Empty: one step at <see cref="CanaryWeight"/>.
        /// </summary>
        public IReadOnlyList<int> CanarySteps { get; set; } = Array.Empty<int>();

        /// <summary>The canary's weights in order: <see cref="CanarySteps"/>, or <see cref="CanaryWeight"/> alone, or none.</summary>
        public IReadOnlyList<int> CanaryWeights => CanarySteps.Count > 0 ? CanarySteps : CanaryWeight > 0 ? new[] { CanaryWeight } : Array.Empty<int>();

        /// <summary>
        /// While the canary splits traffic, the forward actions' target-group stickiness is on for this long (a page
        /// and its static files come from one release); what was there before is put back. Zero: left as it is.
        /// </summary>
        public TimeSpan CanaryStickiness { get; set; }

        public TimeSpan CanaryDuration { get; set; } = TimeSpan.FromMinutes(5);

        public TimeSpan BakeTime { get; set; } = TimeSpan.FromMinutes(10);

        public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(15);

        public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromMinutes(5);

        public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(5);

        public bool AllowIrreversible { get; set; }

        public bool SkipSmokeCheck { get; set; }

        public bool StopBeforeSwitch { get; set; }

        public bool RevertMigrationsOnRollback { get; set; }

        /// <summary>A failure before the switch removes the new machines and ends the deployment RolledBack (lock released) instead of Failed.</summary>
        public bool RollbackOnFailure { get; set; }

        /// <summary>
        /// A rollback to an older release (-Rollback): its machines are launched as for any release, but instead of
        /// migrating, the migrations the older release does not know are reverted on a live machine (whose code has
        /// them) before the switch. Undo re-applies them.
        /// </summary>
        public bool Rollback { get; set; }

        public string? Message { get; set; }

        /// <summary>The options a project's configuration gives, before any parameter.</summary>
        public static ReleaseOptions FromConfiguration(ProjectConfiguration config, string release)
        {
            DeploymentSettings d = config.Deployment;
            return new ReleaseOptions
            {
                Release = release,
                Maintenance = d.Maintenance,
                CanaryWeight = d.CanaryWeight,
                CanarySteps = d.CanarySteps,
                CanaryDuration = d.CanaryDuration,
                CanaryStickiness = d.CanaryStickiness,
                BakeTime = d.BakeTime,
                CheckInterval = d.CheckInterval,
                HealthTimeout = config.HealthTimeout,
                DrainTimeout = d.DrainTimeout,
                RevertMigrationsOnRollback = d.RevertMigrationsOnRollback,
            };
        }

        /// <summary>Refuses options that cannot work together, naming the parameter.</summary>
        public void Validate()
        {
            if (Count.HasValue && (Count < 1 || Count > DeploymentJournal.MaxMachines))
            {
                throw Invalid("Count", $"is {Count}", $"launch 1 to {DeploymentJournal.MaxMachines} machines");
            }

            if (CanaryWeight < 0 || CanaryWeight > 99)
            {
                throw Invalid("CanaryWeight", $"is {CanaryWeight}", "give 1-99 percent for a canary, or 0 to switch all at once");
            }

            if (CanarySteps.Count > 0)
            {
                if (CanarySteps.Count > MaxCanarySteps || CanarySteps.Any(w => w < 1 || w > 99) || CanarySteps.Zip(CanarySteps.Skip(1), (a, b) => b <= a).Any(x => x))
                {
                    throw Invalid("CanarySteps", $"is {string.Join(", ", CanarySteps)}", $"give 1 to {MaxCanarySteps} weights from 1 to 99 percent, each larger than the one before, e.g. -CanarySteps 10, 50");
                }

                if (CanaryWeight != 0 && CanaryWeight != CanarySteps[0])
                {
                    throw Invalid("CanaryWeight", $"is {CanaryWeight} while -CanarySteps starts at {CanarySteps[0]}", "give one of them: -CanarySteps sets every weight, the first one included");
                }

                CanaryWeight = CanarySteps[0];
            }

            if (CanaryStickiness < TimeSpan.Zero || CanaryStickiness > TimeSpan.FromDays(7))
            {
                throw Invalid("CanaryStickiness", $"is {CanaryStickiness}", "give 0 (stickiness left as it is) or 1 s to 7 days, the longest a load balancer keeps a group sticky");
            }

            if (CanaryWeight > 0 && CanaryDuration < TimeSpan.FromSeconds(1))
            {
                throw Invalid("CanaryDuration", $"is {CanaryDuration}", "watch a canary at least 1 s, e.g. -CanaryDuration 00:05:00");
            }

            if (BakeTime < TimeSpan.Zero)
            {
                throw Invalid("BakeTime", $"is {BakeTime}", "give 0 (no bake) or a positive time, e.g. 00:10:00");
            }

            if (CheckInterval < TimeSpan.FromSeconds(1))
            {
                throw Invalid("CheckInterval", $"is {CheckInterval}", "check at least 1 s apart");
            }

            if (HealthTimeout < TimeSpan.FromSeconds(1))
            {
                throw Invalid("HealthTimeoutSec", $"is {HealthTimeout.TotalSeconds} s", "allow the new targets at least 1 s to become healthy");
            }
        }

        internal IEnumerable<KeyValuePair<string, string>> ToFacts()
        {
            yield return Fact("release", Release);
            yield return Fact("maintenance", Maintenance.ToString());
            yield return Fact("canaryWeight", CanaryWeight.ToString(CultureInfo.InvariantCulture));
            yield return Fact("canarySec", Seconds(CanaryDuration));
            if (CanarySteps.Count > 0)
            {
                yield return Fact("canarySteps", string.Join(",", CanarySteps.Select(w => w.ToString(CultureInfo.InvariantCulture))));
            }

            if (CanaryStickiness > TimeSpan.Zero)
            {
                yield return Fact("stickySec", Seconds(CanaryStickiness));
            }

            yield return Fact("bakeSec", Seconds(BakeTime));
            yield return Fact("checkSec", Seconds(CheckInterval));
            yield return Fact("healthSec", Seconds(HealthTimeout));
            yield return Fact("drainSec", Seconds(DrainTimeout));
            yield return Fact("allowIrreversible", AllowIrreversible ? "1" : "0");
            yield return Fact("skipSmoke", SkipSmokeCheck ? "1" : "0");
            yield return Fact("stopBeforeSwitch", StopBeforeSwitch ? "1" : "0");
            yield return Fact("revertOnRollback", RevertMigrationsOnRollback ? "1" : "0");
            yield return Fact("rollbackOnFailure", RollbackOnFailure ? "1" : "0");
            if (Rollback)
            {
                yield return Fact("rollback", "1");
            }
        }

        /// <summary>The options a deployment recorded (Resume-BgDeployment).</summary>
        internal static ReleaseOptions FromFacts(DeploymentRecord record)
        {
            IReadOnlyDictionary<string, string> f = record.Facts;
            if (!f.ContainsKey("bakeSec"))
            {
                throw new BlueGreenException("DeploymentNotResumable", FailureCategory.InvalidData,
                    $"Deployment {record.Id} has no recorded options (it was not started by Start-BgDeployment, or its journal is incomplete), so it cannot be resumed or undone. Get-BgDeployment -Id {record.Id} shows what it recorded.",
                    record.Id);
            }

            return new ReleaseOptions
            {
                Release = record.Release,
                Maintenance = Enum.TryParse(Get(f, "maintenance"), out MaintenancePolicy m) ? m : MaintenancePolicy.Auto,
                CanaryWeight = Int(f, "canaryWeight"),
                CanarySteps = (Get(f, "canarySteps") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(w => int.Parse(w, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToList(),
                CanaryDuration = TimeSpan.FromSeconds(Int(f, "canarySec")),
                CanaryStickiness = TimeSpan.FromSeconds(Int(f, "stickySec")),
                BakeTime = TimeSpan.FromSeconds(Int(f, "bakeSec")),
                CheckInterval = TimeSpan.FromSeconds(Math.Max(1, Int(f, "checkSec"))),
                HealthTimeout = TimeSpan.FromSeconds(Math.Max(1, Int(f, "healthSec"))),
                DrainTimeout = TimeSpan.FromSeconds(Int(f, "drainSec")),
                AllowIrreversible = Get(f, "allowIrreversible") == "1",
                SkipSmokeCheck = Get(f, "skipSmoke") == "1",
                StopBeforeSwitch = Get(f, "stopBeforeSwitch") == "1",
                RevertMigrationsOnRollback = Get(f, "revertOnRollback") == "1",
                RollbackOnFailure = Get(f, "rollbackOnFailure") == "1",
                Rollback = Get(f, "rollback") == "1",
                Message = record.Message,
            };
        }

        private static BlueGreenException Invalid(string parameter, string problem, string fix) =>
            new BlueGreenException("InvalidDeploymentOption", FailureCategory.InvalidArgument, $"-{parameter} {problem}: {fix}. Nothing was changed.", parameter);

        private static KeyValuePair<string, string> Fact(string key, string value) => new KeyValuePair<string, string>(key, value);

        private static string Seconds(TimeSpan t) => ((long)t.TotalSeconds).ToString(CultureInfo.InvariantCulture);

        private static string? Get(IReadOnlyDictionary<string, string> f, string key) => f.TryGetValue(key, out string? v) ? v : null;

        private static int Int(IReadOnlyDictionary<string, string> f, string key) =>
            int.TryParse(Get(f, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : 0;
    }
}
