using System.Collections.ObjectModel;
using BlueGreen.Aws;
using BlueGreen.Aws.CloudWatch;
using BlueGreen.Aws.ParameterStore;
using BlueGreen.Deployment;
using BlueGreen.Machines;
using BlueGreen.Maintenance;
using BlueGreen.PowerShell.Cmdlets.Machines;

namespace BlueGreen.PowerShell.Cmdlets.Release
{
    /// <summary>
    /// Base of the deployment cmdlets (Start-, Resume-, Undo-, Complete-BgDeployment): the project, its machines, its
    /// deployment state in SSM and its maintenance mode, wired into one <see cref="ReleaseEngine"/>.
    /// </summary>
    public abstract class BgReleaseCmdlet : BgMachineCmdlet
    {
        /// <summary>True when -WhatIf is in effect (the parameter or $WhatIfPreference).</summary>
        protected bool IsWhatIf =>
            (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? w) && w is SwitchParameter s && s.IsPresent) ||
            (GetVariableValue("WhatIfPreference") is object p && LanguagePrimitives.IsTrue(p) && !MyInvocation.BoundParameters.ContainsKey("WhatIf"));

        protected T RunRelease<T>(Func<ReleaseEngine, EngineContext, Task<T>> work)
        {
            MachineCommandSetup setup = ReadSetup();
            AwsConnectionSettings connection = ProjectConnection;
            return RunEngine(async context =>
            {
                using MachineServices machines = setup.CreateServices(context.Reporter);
                using SsmParameterStore store = new AwsClientFactory(connection, context.Reporter).CreateSsmParameterStore();
                DeploymentState state = DeploymentState.ForProject(store, setup.Config, context.Reporter);
                IMaintenanceMode maintenance = MaintenanceModes.Create(setup.Config, machines, machines.ElasticLoadBalancing, context.Reporter);
                // CloudWatch only when a canary or bake judges metrics (made on first use, so no other call needs its permissions).
                ICloudWatch? cloudWatch = null;
                try
                {
                    var engine = new ReleaseEngine(machines, state, maintenance, context.Reporter,
                        cloudWatch: () => cloudWatch = new AwsClientFactory(connection, context.Reporter).CreateCloudWatch());
                    return await work(engine, context).ConfigureAwait(false);
                }
                finally
                {
                    cloudWatch?.Dispose();
                }
            });
        }

        /// <summary>
        /// The user's scriptblocks as checks, each run on the pipeline thread with the check context as $_ and as its
        /// first argument. A check fails when it throws or writes $false.
        /// </summary>
        protected static IReadOnlyList<ReleaseCheck> ToChecks(string kind, ScriptBlock[]? blocks, EngineContext context)
        {
            var checks = new List<ReleaseCheck>();
            if (blocks == null)
            {
                return checks;
            }

            for (int i = 0; i < blocks.Length; i++)
            {
                ScriptBlock block = blocks[i];
                checks.Add(new ReleaseCheck($"{kind}[{i}] {{{Shorten(block.ToString())}}}", (check, token) =>
                    Task.FromResult(context.OnPipelineThread(() => RunBlock(block, check)))));
            }

            return checks;
        }

        private static string? RunBlock(ScriptBlock block, ReleaseCheckContext check)
        {
            Collection<PSObject> output = block.InvokeWithContext(null, new List<PSVariable> { new PSVariable("_", check) }, check);
            foreach (PSObject item in output)
            {
                if (item?.BaseObject is bool ok && !ok)
                {
                    return "it returned $false";
                }
            }

            return null;
        }

        private static string Shorten(string text)
        {
            string flat = string.Join(" ", text.Split(new[] { '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries)).Trim();
            return flat.Length <= 60 ? flat : flat.Substring(0, 57) + "...";
        }
    }

    /// <summary>Base of the cmdlets that work on a recorded deployment (Resume-, Undo-, Complete-BgDeployment): -Id, or the latest.</summary>
    public abstract class BgRecordedDeploymentCmdlet : BgReleaseCmdlet
    {
        /// <summary>The deployment's id (from Get-BgDeployment or Start-BgDeployment, by property name); the latest when left out.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern(@"^\d{8}-\d{6}-[0-9a-f]{4}$")]
        public string? Id { get; set; }
    }
}
