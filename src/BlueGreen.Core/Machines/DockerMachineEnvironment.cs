using System.Text.RegularExpressions;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Reads the DOCKER_* settings out of <c>docker-machine env --shell bash</c> as data: only
    /// <c>export DOCKER_X="value"</c> lines are taken, nothing is evaluated.
    /// </summary>
    internal static class DockerMachineEnvironment
    {
        private static readonly Regex ExportLine = new Regex("^export (DOCKER_[A-Z_]+)=\"([^\"]*)\"$", RegexOptions.CultureInvariant);

        internal static DockerConnection Parse(IEnumerable<string> lines, string machineName)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string raw in lines)
            {
                Match match = ExportLine.Match(raw.Trim());
                if (match.Success)
                {
                    values[match.Groups[1].Value] = match.Groups[2].Value;
                }
            }

            if (!values.TryGetValue(DockerConnection.HostVariable, out string? host) || host.Length == 0)
            {
                throw new BlueGreenException("UnexpectedDockerMachineOutput", FailureCategory.InvalidResult,
                    $"'docker-machine env {machineName}' printed no DOCKER_HOST. Check that the machine is running: docker-machine status {machineName}.",
                    machineName);
            }

            values.TryGetValue(DockerConnection.TlsVerifyVariable, out string? tlsVerify);
            values.TryGetValue(DockerConnection.CertPathVariable, out string? certPath);
            values.TryGetValue(DockerConnection.MachineNameVariable, out string? name);
            return new DockerConnection(host, tlsVerify == "1", string.IsNullOrEmpty(certPath) ? null : certPath, string.IsNullOrEmpty(name) ? machineName : name);
        }
    }
}
