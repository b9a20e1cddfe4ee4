using BlueGreen.Aws;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;

namespace BlueGreen.PowerShell.Cmdlets.Machines
{
    /// <summary>What a machine cmdlet read on the pipeline thread (settings, AWS connection, provider, base directory), for engine work off it.</summary>
    internal sealed class MachineCommandSetup
    {
        internal MachineCommandSetup(ProjectConfiguration config, AwsConnectionSettings connection, MachineProviderKind provider, string baseDirectory)
        {
            Config = config;
            Connection = connection;
            Provider = provider;
            BaseDirectory = baseDirectory;
        }

        internal ProjectConfiguration Config { get; }

        internal AwsConnectionSettings Connection { get; }

        internal MachineProviderKind Provider { get; }

        internal string BaseDirectory { get; }

        internal MachineServices CreateServices(IOperationReporter reporter) =>
            MachineServices.Create(Config, Connection, Provider, BaseDirectory, reporter);
    }
}
