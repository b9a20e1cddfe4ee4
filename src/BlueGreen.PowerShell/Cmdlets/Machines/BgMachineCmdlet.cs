using System.IO;
using BlueGreen.Aws;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;
using BlueGreen.Processes;

namespace BlueGreen.PowerShell.Cmdlets.Machines
{
    /// <summary>
    /// Base of the machine cmdlets: the project's settings plus -Provider, and the engine's
    /// <see cref="MachineServices"/> wired from them. Relative paths in the settings are resolved against the
    /// directory of bluegreen.psd1 (or the current location when there is no file).
    /// </summary>
    public abstract class BgMachineCmdlet : BgProjectCmdlet
    {
        /// <summary>Overrides Machines.Provider (DockerMachine or Ec2).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public MachineProviderKind? Provider { get; set; }

        /// <summary>Overrides CommandTimeoutSeconds: how long one manage.py, compose, docker or docker-machine command may run.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        [Alias("TimeoutSec")]
        public int? CommandTimeoutSec { get; set; }

        /// <summary>-CommandTimeoutSec as a span, or null when it was not given.</summary>
        internal TimeSpan? CommandTimeoutOverride => CommandTimeoutSec.HasValue ? TimeSpan.FromSeconds(CommandTimeoutSec.Value) : (TimeSpan?)null;

        /// <summary>A process runner for commands given on the command line (no project): -CommandTimeoutSec, else the default deadline.</summary>
        internal CliWrapCommandRunner CommandLineRunner => CliWrapCommandRunner.WithDefaultTimeout(CommandTimeoutOverride);

        /// <summary>Everything the engine needs, read on the pipeline thread (settings, AWS connection, base directory).</summary>
        internal MachineCommandSetup ReadSetup()
        {
            ProjectConfiguration config = ProjectConfiguration;
            AwsConnectionSettings connection = ProjectConnection;
            string baseDirectory = config.SourcePath != null
                ? Path.GetDirectoryName(Path.GetFullPath(config.SourcePath)) ?? SessionState.Path.CurrentFileSystemLocation.ProviderPath
                : SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            MachineProviderKind provider = Provider ?? config.Machines.Provider;
            if (CommandTimeoutOverride is TimeSpan timeout)
            {
                config.CommandTimeout = timeout;
            }

            WriteVerbose($"Commands may run {(int)config.CommandTimeout.TotalSeconds} s each ({(CommandTimeoutSec.HasValue ? "-CommandTimeoutSec" : "CommandTimeoutSeconds")}).");
            WriteVerbose($"Machine provider: {provider} ({(Provider.HasValue ? "-Provider" : "Machines.Provider")}); paths relative to {baseDirectory}.");
            return new MachineCommandSetup(config, connection, provider, baseDirectory);
        }

        /// <summary>Writes a failure of one item of many as a non-terminating error, carrying the engine's exception.</summary>
        protected void WriteFailure(BlueGreenException failure, object? target)
        {
            ErrorRecord record = ToErrorRecord(failure);
            WriteError(new ErrorRecord(record.Exception, record.FullyQualifiedErrorId, record.CategoryInfo.Category, target ?? failure.Target)
            {
                ErrorDetails = record.ErrorDetails,
            });
        }
    }
}
