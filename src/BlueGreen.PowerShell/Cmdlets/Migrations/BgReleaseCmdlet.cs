using System.Collections;
using BlueGreen.Configuration;
using BlueGreen.PowerShell.Cmdlets.Machines;

namespace BlueGreen.PowerShell.Cmdlets.Migrations
{
    /// <summary>
    /// Base of the migration cmdlets that reach a release either through the project's machines (the default set,
    /// <see cref="ReleaseParameterSets.Machines"/>) or through explicit manage commands
    /// (<see cref="ReleaseParameterSets.Commands"/>): the parameters both of them take, and the refusal of project
    /// parameters next to manage commands.
    /// </summary>
    public abstract class BgReleaseCmdlet : BgMachineCmdlet
    {
        /// <summary>Exec or Run; default: Manage.Mode of the project.</summary>
        [Parameter(ParameterSetName = ReleaseParameterSets.Machines)]
        public ManageMode? Mode { get; set; }

        /// <summary>Variables for the manage commands, on top of the current environment.</summary>
        [Parameter(ParameterSetName = ReleaseParameterSets.Commands)]
        public IDictionary? Environment { get; set; }

        /// <summary>
        /// Stops the cmdlet when project parameters were given with manage commands: they would be ignored.
        /// <paramref name="manageCommands"/> names the manage command parameters; <paramref name="withoutThem"/> says
        /// what leaving them out does.
        /// </summary>
        private protected void RefuseProjectParameters(string manageCommands, string withoutThem)
        {
            string[] projectParameters = ReleaseParameterSets.ProjectParametersIn(MyInvocation.BoundParameters);
            if (projectParameters.Length > 0)
            {
                ThrowBgError("ProjectParameterWithManageCommand", ErrorCategory.InvalidArgument,
                    $"-{string.Join(", -", projectParameters)} select the project's machines, but {manageCommands} given. Leave out {withoutThem}, or leave out the project parameters.",
                    projectParameters);
            }
        }
    }
}
