using BlueGreen.Deployment;

namespace BlueGreen.PowerShell.Cmdlets.Deployment
{
    /// <summary>
    /// The project's deployments as their journals in SSM Parameter Store record them, newest first: release,
    /// colors, status, who ran it, machines, migrations and every step. -Id picks deployments (by property name from
    /// the pipeline), -InProgress the one running or cut off by a crash, -First the newest N.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BgDeployment", DefaultParameterSetName = HistorySet)]
    [OutputType(typeof(DeploymentRecord))]
    public sealed class GetBgDeploymentCommand : BgDeploymentStateCmdlet
    {
        private const string HistorySet = "History";
        private const string IdSet = "Id";
        private const string InProgressSet = "InProgress";

        /// <summary>Deployment ids, e.g. 20261201-085300-ab12.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern("^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$")]
        public string[] Id { get; set; } = new string[0];

        /// <summary>Only deployments still InProgress.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InProgressSet)]
        public SwitchParameter InProgress { get; set; }

        /// <summary>Only the newest N deployments.</summary>
        [Parameter(ParameterSetName = HistorySet)]
        [ValidateRange(1, 100)]
        public int? First { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet)
            {
                foreach (string id in Id)
                {
                    DeploymentRecord? record = RunState((state, context) => state.History.GetAsync(id, context.Cancellation));
                    if (record == null)
                    {
                        WriteBgError("DeploymentNotFound", ErrorCategory.ObjectNotFound,
                            $"Project '{StateLocation.Project}' has no deployment {id}. Get-BgDeployment lists the recorded ones.", id);
                        continue;
                    }

                    WriteObject(record);
                }

                return;
            }

            int? first = First;
            bool inProgress = InProgress;
            IReadOnlyList<DeploymentRecord> records = RunState((state, context) =>
                inProgress ? state.History.ListInProgressAsync(context.Cancellation) : state.History.ListAsync(first, context.Cancellation));
            foreach (DeploymentRecord record in records)
            {
                WriteObject(record);
            }
        }
    }
}
