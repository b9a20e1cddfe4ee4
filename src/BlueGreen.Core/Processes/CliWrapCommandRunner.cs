using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Diagnostics;
using CliWrap;

namespace BlueGreen.Processes
{
    /// <summary>
    /// Runs processes with CliWrap: the arguments go to the process as an array, never through a shell; CliWrap's
    /// own exit-code validation is off and a non-zero exit is mapped to <see cref="CommandFailedException"/> here.
    /// </summary>
    public sealed class CliWrapCommandRunner : ICommandRunner
    {
        public static readonly CliWrapCommandRunner Instance = new CliWrapCommandRunner();

        public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellation)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var standardOutput = new StringBuilder();
            var standardError = new StringBuilder();
            Command command = Cli.Wrap(request.Executable)
                .WithArguments(request.Arguments)
                .WithEnvironmentVariables(request.Environment.ToDictionary(pair => pair.Key, pair => pair.Value))
                .WithValidation(CommandResultValidation.None)
                .WithStandardOutputPipe(PipeTarget.ToStringBuilder(standardOutput, Encoding.UTF8))
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(standardError, Encoding.UTF8));
            if (request.WorkingDirectory != null)
            {
                command = command.WithWorkingDirectory(request.WorkingDirectory);
            }

            if (request.StandardInput != null)
            {
                command = command.WithStandardInputPipe(PipeSource.FromString(request.StandardInput, Encoding.UTF8));
            }

            using var timeout = new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeout.Token);
            if (request.Timeout.HasValue)
            {
                timeout.CancelAfter(request.Timeout.Value);
            }

            CliWrap.CommandResult finished;
            try
            {
                finished = await command.ExecuteAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellation.IsCancellationRequested)
            {
                throw new BlueGreenException("CommandTimedOut", FailureCategory.OperationTimeout,
                    $"'{request.DisplayText}' did not finish within {request.Timeout} and was stopped. Check that the target is reachable, or allow more time.",
                    request.DisplayText);
            }
            catch (Exception ex) when (ex is Win32Exception || ex.InnerException is Win32Exception)
            {
                throw new BlueGreenException("ExecutableNotFound", FailureCategory.NotInstalled,
                    $"Cannot start '{request.Executable}': {ex.Message}. Install it or pass its full path.",
                    request.Executable, ex);
            }

            var result = new CommandResult(request.DisplayText, finished.ExitCode, SplitLines(standardOutput.ToString()),
                standardError.ToString(), finished.RunTime);
            if (!result.Succeeded && request.ThrowOnNonZeroExit)
            {
                throw new CommandFailedException(result);
            }

            return result;
        }

        internal static IReadOnlyList<string> SplitLines(string text)
        {
            if (text.Length == 0)
            {
                return Array.Empty<string>();
            }

            string[] lines = text.Replace("\r\n", "\n").Split('\n');
            return lines[lines.Length - 1].Length == 0 ? lines.Take(lines.Length - 1).ToArray() : lines;
        }
    }
}
