using System.IO;
using System.Text;
using System.Threading.Channels;
using CliWrap;

namespace BlueGreen.Processes
{
    /// <summary>
    /// Starts interactive processes with CliWrap (argument arrays, never a shell): standard input is fed from a
    /// queue of lines until <see cref="IInteractiveProcess.StopAsync"/> closes it; standard output is read line by line.
    /// </summary>
    public sealed class CliWrapInteractiveProcessStarter : IInteractiveProcessStarter
    {
        public static readonly CliWrapInteractiveProcessStarter Instance = new CliWrapInteractiveProcessStarter();

        public IInteractiveProcess Start(CommandRequest request, Action<string> onOutputLine)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            return new Running(request, onOutputLine ?? throw new ArgumentNullException(nameof(onOutputLine)));
        }

        private sealed class Running : IInteractiveProcess
        {
            private const int TailLines = 20;
            private readonly Channel<string> _input = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
            private readonly CancellationTokenSource _kill = new CancellationTokenSource();
            private readonly Queue<string> _errors = new Queue<string>();

            public Running(CommandRequest request, Action<string> onOutputLine)
            {
                Command command = Cli.Wrap(request.Executable)
                    .WithArguments(request.Arguments)
                    .WithEnvironmentVariables(request.Environment.ToDictionary(pair => pair.Key, pair => pair.Value))
                    .WithValidation(CommandResultValidation.None)
                    .WithStandardInputPipe(PipeSource.Create(FeedAsync))
                    .WithStandardOutputPipe(PipeTarget.ToDelegate(onOutputLine, Encoding.UTF8))
                    .WithStandardErrorPipe(PipeTarget.ToDelegate(AddError, Encoding.UTF8));
                if (request.WorkingDirectory != null)
                {
                    command = command.WithWorkingDirectory(request.WorkingDirectory);
                }

                CommandTask<CliWrap.CommandResult> execution;
                try
                {
                    execution = command.ExecuteAsync(null, null, _kill.Token, CancellationToken.None);
                }
                catch (Exception ex) when (CliWrapCommandRunner.IsNotStarted(ex))
                {
                    throw CliWrapCommandRunner.NotStarted(request, ex);
                }

                Exited = WaitAsync(execution);
            }

            public Task<int> Exited { get; }

            public string StandardErrorTail
            {
                get
                {
                    lock (_errors)
                    {
                        return string.Join("\n", _errors);
                    }
                }
            }

            public async Task WriteLineAsync(string line, CancellationToken cancellationToken) =>
                await _input.Writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);

            public async Task StopAsync(TimeSpan grace)
            {
                _input.Writer.TryComplete();
                if (await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false) != Exited)
                {
                    _kill.Cancel();
                    await Task.WhenAny(Exited, Task.Delay(CliWrapCommandRunner.KillGrace)).ConfigureAwait(false);
                }
            }

            private async Task FeedAsync(Stream destination, CancellationToken cancellationToken)
            {
                await foreach (string line in _input.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
                    await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            private void AddError(string line)
            {
                lock (_errors)
                {
                    _errors.Enqueue(line);
                    while (_errors.Count > TailLines)
                    {
                        _errors.Dequeue();
                    }
                }
            }

            /// <summary>The exit code; -1 when it was killed or its pipes failed (the reason then ends the error tail).</summary>
            private async Task<int> WaitAsync(CommandTask<CliWrap.CommandResult> execution)
            {
                try
                {
                    return (await execution).ExitCode;
                }
                catch (OperationCanceledException)
                {
                    AddError("(stopped by BlueGreen)");
                    return -1;
                }
                catch (Exception ex)
                {
                    AddError($"({ex.GetType().Name}: {ex.Message})");
                    return -1;
                }
            }
        }
    }
}
