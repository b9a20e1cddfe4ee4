using System.Diagnostics;
using System.Text;

namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// Runs a short command of the host runtime (ssh-keygen, sshd that daemonizes itself, start-stop-daemon) with an
    /// argument array, never through a shell, and returns its exit code and output. Process rather than CliWrap: the
    /// sandbox has no CliWrap dependency, and these are one-shot children with nothing to stream.
    /// </summary>
    internal static class HostCommand
    {
        internal static HostCommandResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
        {
            var start = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                StandardOutputEncoding = new UTF8Encoding(false),
                StandardErrorEncoding = new UTF8Encoding(false),
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }

                throw new TimeoutException($"{fileName} {string.Join(" ", start.ArgumentList)} did not finish within {timeout.TotalSeconds:N0} s.");
            }

            process.WaitForExit();
            return new HostCommandResult(process.ExitCode, output.Result, error.Result);
        }

        /// <summary>Like <see cref="Run"/>, and throws with its error output when the exit code is not 0.</summary>
        internal static string Check(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
        {
            HostCommandResult result = Run(fileName, arguments, timeout);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"{fileName} failed with exit code {result.ExitCode}: {result.Error.Trim()}");
            }

            return result.Output;
        }
    }
}
