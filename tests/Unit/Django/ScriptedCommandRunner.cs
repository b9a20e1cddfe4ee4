using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Processes;

namespace BlueGreen.Tests.Unit.Django
{
    /// <summary>
    /// An <see cref="ICommandRunner"/> that answers manage.py commands from a script (the manage.py arguments, without
    /// the manage command's prefix up to manage.py and without --no-color, to output text) and records every request.
    /// </summary>
    internal sealed class ScriptedCommandRunner : ICommandRunner
    {
        private readonly Func<CommandRequest, string, (int ExitCode, string Output, string Error)> _answer;

        internal ScriptedCommandRunner(Func<string, (int ExitCode, string Output, string Error)> answer)
            : this((request, arguments) => answer(arguments))
        {
        }

        /// <param name="answer">Also gets the request, e.g. to answer by the machine its DOCKER_* environment reaches.</param>
        internal ScriptedCommandRunner(Func<CommandRequest, string, (int ExitCode, string Output, string Error)> answer)
        {
            _answer = answer;
        }

        internal List<CommandRequest> Requests { get; } = new List<CommandRequest>();

        internal IEnumerable<string> ManageArguments => Requests.Select(ToManageArguments);

        /// <summary>Requests that change the database: migrate without --plan.</summary>
        internal IEnumerable<string> Changes => ManageArguments.Where(arguments => arguments.StartsWith("migrate", StringComparison.Ordinal) && !arguments.Contains("--plan"));

        public Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellation)
        {
            Requests.Add(request);
            (int exitCode, string output, string error) = _answer(request, ToManageArguments(request));
            var result = new CommandResult(request.DisplayText, exitCode, CliWrapCommandRunner.SplitLines(output), error, TimeSpan.FromMilliseconds(5));
            if (exitCode != 0 && request.ThrowOnNonZeroExit)
            {
                throw new CommandFailedException(result);
            }

            return Task.FromResult(result);
        }

        internal static readonly ManageCommand Release = new ManageCommand("/usr/bin/python3", new[] { "/srv/release/manage.py" });

        private static string ToManageArguments(CommandRequest request)
        {
            int manage = request.Arguments.ToList().FindIndex(argument => argument.EndsWith("manage.py", StringComparison.Ordinal));
            return string.Join(" ", request.Arguments.Skip(manage + 1).Where(argument => argument != "--no-color"));
        }
    }
}
