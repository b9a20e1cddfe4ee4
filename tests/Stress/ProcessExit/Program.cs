using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CliWrap;

namespace BlueGreen.Tests.Stress
{
    /// <summary>
    /// ProcessExitStress --deps DIR [--runs N] [--parallel P] [--delay-ms D] [--executable PATH]
    /// Runs PATH (default /bin/true) N times, P at a time, through CliWrap loaded from DIR. D ms of sleep right after
    /// each start stand for a descheduled thread on a loaded machine: the process has then exited before CliWrap
    /// starts waiting for it, which is when a lost exit notification shows. A run still unfinished 10 s after its
    /// start is late; late runs get 30 s more, and those still unfinished then never finish. Exit code 0 when every
    /// run finished, 1 when any never did, 2 for bad arguments.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            string? deps = Option(args, "--deps");
            if (deps == null || !File.Exists(Path.Combine(deps, "CliWrap.dll")))
            {
                Console.Error.WriteLine("Give --deps: the deps folder of a built module (it must hold CliWrap.dll), e.g. out/BlueGreen/deps.");
                return 2;
            }

            string folder = Path.GetFullPath(deps);
            AssemblyLoadContext.Default.Resolving += (context, name) =>
            {
                string candidate = Path.Combine(folder, name.Name + ".dll");
                return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
            };

            int runs = int.Parse(Option(args, "--runs") ?? "10000");
            int parallel = int.Parse(Option(args, "--parallel") ?? "16");
            int delay = int.Parse(Option(args, "--delay-ms") ?? "20");
            string executable = Option(args, "--executable") ?? "/bin/true";
            return await RunAsync(runs, parallel, delay, executable).ConfigureAwait(false);
        }

        private static async Task<int> RunAsync(int runs, int parallel, int delay, string executable)
        {
            Assembly cliWrap = typeof(Cli).Assembly;
            string build = cliWrap.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()?.FrameworkName ?? "unknown";
            var clock = Stopwatch.StartNew();
            var gate = new SemaphoreSlim(parallel);
            var late = new ConcurrentBag<Task>();
            var all = new Task[runs];
            int failed = 0;
            for (int run = 0; run < runs; run++)
            {
                await gate.WaitAsync().ConfigureAwait(false);
                all[run] = Task.Run(async () =>
                {
                    try
                    {
                        var output = new StringBuilder();
                        Task<CommandResult> execution = Cli.Wrap(executable)
                            .WithValidation(CommandResultValidation.None)
                            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
                            .ExecuteAsync(null, _ => { if (delay > 0) Thread.Sleep(delay); })
                            .Task;
                        if (await Task.WhenAny(execution, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false) != execution)
                        {
                            late.Add(execution);
                        }
                        else if (execution.Result.ExitCode != 0)
                        {
                            Interlocked.Increment(ref failed);
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                });
            }

            await Task.WhenAll(all).ConfigureAwait(false);
            await Task.WhenAny(Task.WhenAll(late), Task.Delay(TimeSpan.FromSeconds(30))).ConfigureAwait(false);
            int hung = late.Count(task => !task.IsCompleted);
            Console.WriteLine($"CliWrap {cliWrap.GetName().Version} ({build}) from {cliWrap.Location}");
            Console.WriteLine($"{runs} runs of {executable}, {parallel} at a time, {delay} ms after each start: {late.Count} late (> 10 s), {hung} never finished, {failed} non-zero exits, in {clock.Elapsed.TotalSeconds:F1} s");
            if (build.StartsWith(".NETStandard", StringComparison.Ordinal))
            {
                // Deterministic guard: this build's Process.WaitForExitAsync polyfill subscribes to Exited after
                // enabling it and never checks HasExited again, so an exit raised in between is lost and the run hangs.
                Console.WriteLine($"The module ships CliWrap's {build} build, which can lose a process's exit and hang. Target the module at .NET (net8.0 or later) so CliWrap's .NET build is published.");
                return 1;
            }

            return hung == 0 && failed == 0 ? 0 : 1;
        }

        private static string? Option(string[] args, string name)
        {
            int index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }
    }
}
