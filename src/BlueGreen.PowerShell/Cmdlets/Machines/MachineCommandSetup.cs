using BlueGreen.Aws;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines;

namespace BlueGreen.PowerShell.Cmdlets.Machines
{
    /// <summary>What a machine cmdlet read on the pipeline thread (settings, AWS connection, provider, base directory), for engine work off it.</summary>
    internal sealed class MachineCommandSetup(ProjectConfiguration config, AwsConnectionSettings connection, MachineProviderKind provider, string baseDirectory)
    {
        internal ProjectConfiguration Config { get; } = config;

        internal AwsConnectionSettings Connection { get; } = connection;

        internal MachineProviderKind Provider { get; } = provider;

        internal string BaseDirectory { get; } = baseDirectory;

        internal MachineServices CreateServices(IOperationReporter reporter) =>
            MachineServices.Create(Config, Connection, Provider, BaseDirectory, reporter);
    }
}
