using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;

namespace BlueGreen.Sandbox.DataPlane
{
    /// <summary>
    /// The data plane child process (<c>dotnet BlueGreen.Sandbox.DataPlane.dll</c>) and its JSON-lines pipe: messages to
    /// its stdin, <c>ready</c>/<c>error</c> lines from its stdout. System.Diagnostics.Process rather than CliWrap: this
    /// is a long-lived child with an interactive stdin that we write to for its whole life, and whose stdin closing (we
    /// died, even kill -9) is what stops it.
    /// </summary>
    internal sealed class DataPlaneProcess : IDisposable
    {
        internal const string AssemblyName = "BlueGreen.Sandbox.DataPlane.dll";

        /// <summary>Set it to the data plane's dll to use another build than the one beside the module.</summary>
        internal const string PathVariable = "BLUEGREEN_SANDBOX_DATAPLANE";

        internal static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        };

        private readonly Process _process;
        private readonly object _writeGate = new object();
        private readonly ConcurrentDictionary<long, TaskCompletionSource<ChildMessage>> _waiting = new ConcurrentDictionary<long, TaskCompletionSource<ChildMessage>>();
        private readonly StringBuilder _stderr = new StringBuilder();
        private readonly List<string> _errors = new List<string>();
        private volatile bool _repliesEnded;

        private readonly Action<List<RequestTally>> _metrics;

        private DataPlaneProcess(Process process, Action<List<RequestTally>> metrics)
        {
            _process = process;
            _metrics = metrics;
            new Thread(ReadReplies) { IsBackground = true, Name = "BlueGreen sandbox data plane replies" }.Start();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data != null)
                {
                    lock (_stderr)
                    {
                        if (_stderr.Length < 16000)
                        {
                            _stderr.AppendLine(e.Data);
                        }
                    }
                }
            };
            process.BeginErrorReadLine();
        }

        internal bool HasExited => _process.HasExited;

        internal int ProcessId => _process.Id;

        /// <summary>Its exit code, once <see cref="HasExited"/>.</summary>
        internal int ExitCode => _process.ExitCode;

        /// <summary>Errors the data plane reported (a listener that could not bind, a message it could not use), oldest first.</summary>
        internal IReadOnlyList<string> Errors
        {
            get
            {
                lock (_errors)
                {
                    return _errors.ToList();
                }
            }
        }

        internal string StandardError
        {
            get
            {
                lock (_stderr)
                {
                    return _stderr.ToString().Trim();
                }
            }
        }

        /// <summary>Starts the child and configures it; throws <see cref="InvalidOperationException"/> saying what is missing.</summary>
        /// <param name="metrics">Takes each metrics line, on the reader thread, before any later ready is answered.</param>
        internal static DataPlaneProcess Start(DataPlaneCertificate certificate, TimeSpan timeout, Action<List<RequestTally>> metrics)
        {
            string dll = FindAssembly();
            string dotnet = FindDotnet();
            var start = new ProcessStartInfo(dotnet)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = new UTF8Encoding(false),
            };
            start.ArgumentList.Add(dll);
            // Nothing from the caller's ASP.NET settings may move the endpoints off 127.0.0.1.
            foreach (string name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES" })
            {
                start.Environment.Remove(name);
            }

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned nothing");
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                throw new InvalidOperationException($"Cannot start the sandbox's data plane ('{dotnet}' '{dll}'): {ex.Message}", ex);
            }

            var child = new DataPlaneProcess(process, metrics);
            try
            {
                child.Send(new ParentMessage { Type = "configure", Version = 0, CertificatePath = certificate.PfxPath, CertificatePassword = certificate.Password }, timeout);
            }
            catch (InvalidOperationException ex)
            {
                string why = child.StandardError;
                child.Dispose();
                throw new InvalidOperationException(
                    $"The sandbox's data plane ('{dotnet} {dll}') did not start: {ex.Message}{(why.Length > 0 ? " It said: " + why : string.Empty)} " +
                    "It needs the ASP.NET Core runtime 10 (Microsoft.AspNetCore.App 10.x, e.g. 'apt-get install aspnetcore-runtime-10.0' or the dotnet-install script with '--runtime aspnetcore'); " +
                    "without it the AWS API still works, but no listener answers HTTP (Start-BgSandbox -NoDataPlane turns it off).", ex);
            }

            return child;
        }

        /// <summary>Sends a message and waits for the data plane's <c>ready</c> for its version.</summary>
        internal ChildMessage Send(ParentMessage message, TimeSpan timeout)
        {
            var reply = new TaskCompletionSource<ChildMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[message.Version] = reply;
            if (_repliesEnded)
            {
                // Its stdout is closed: no answer can come (ReadReplies has already failed the waiters it knew).
                reply.TrySetException(new InvalidOperationException(Ended()));
            }

            try
            {
                lock (_writeGate)
                {
                    _process.StandardInput.WriteLine(JsonSerializer.Serialize(message, Json));
                    _process.StandardInput.Flush();
                }
            }
            catch (IOException ex)
            {
                _waiting.TryRemove(message.Version, out _);
                throw new InvalidOperationException($"{Ended()} (writing to it: {ex.Message}){Reported()}", ex);
            }

            bool answered;
            try
            {
                answered = reply.Task.Wait(timeout);
            }
            catch (AggregateException ex) when (ex.InnerException is InvalidOperationException ended)
            {
                _waiting.TryRemove(message.Version, out _);
                throw new InvalidOperationException(ended.Message + Reported(), ended);
            }

            if (!answered)
            {
                _waiting.TryRemove(message.Version, out _);
                throw new InvalidOperationException((_process.HasExited
                    ? $"the data plane process ended with exit code {_process.ExitCode}."
                    : $"the data plane did not answer within {timeout.TotalSeconds:N0} s.") + Reported());
            }

            return reply.Task.Result;
        }

        private string Ended()
        {
            try
            {
                // Its stdout can close a moment before the exit is observable.
                _process.WaitForExit(1000);
                return _process.HasExited
                    ? $"the data plane process ended with exit code {_process.ExitCode}."
                    : "the data plane process closed its output.";
            }
            catch (InvalidOperationException)
            {
                // Disposed meanwhile (the sandbox stopped it).
                return "the data plane process has ended.";
            }
        }

        /// <summary>The last errors the data plane reported, as a sentence to append (they often say why it did not answer).</summary>
        private string Reported()
        {
            IReadOnlyList<string> errors = Errors;
            return errors.Count == 0 ? string.Empty : " It reported: " + string.Join(" ", errors.Skip(Math.Max(0, errors.Count - 3)));
        }

        /// <summary>Closes its stdin (it exits at once) and waits for it; kills it if it does not end.</summary>
        public void Dispose()
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
            }

            if (!_process.WaitForExit(5000))
            {
                try
                {
                    _process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }

                _process.WaitForExit(5000);
            }

            _process.Dispose();
        }

        private void ReadReplies()
        {
            try
            {
                string? line;
                while ((line = _process.StandardOutput.ReadLine()) != null)
                {
                    ChildMessage? message;
                    try
                    {
                        message = JsonSerializer.Deserialize<ChildMessage>(line, Json);
                    }
                    catch (JsonException)
                    {
                        continue;
                    }

                    if (message?.Type == "error" && message.Message != null)
                    {
                        lock (_errors)
                        {
                            _errors.Add(message.Message);
                        }
                    }
                    else if (message?.Type == "metrics" && message.Metrics != null)
                    {
                        _metrics(message.Metrics);
                    }
                    else if (message?.Type == "ready" && _waiting.TryRemove(message.Version, out TaskCompletionSource<ChildMessage>? waiter))
                    {
                        waiter.TrySetResult(message);
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
            finally
            {
                // A dead child answers nothing: whoever waits for it learns so now, not at the end of its timeout.
                _repliesEnded = true;
                string ended = Ended();
                foreach (long version in _waiting.Keys.ToList())
                {
                    if (_waiting.TryRemove(version, out TaskCompletionSource<ChildMessage>? waiter))
                    {
                        waiter.TrySetException(new InvalidOperationException(ended));
                    }
                }
            }
        }

        /// <summary>
        /// The data plane's dll: the <see cref="PathVariable"/> override, else in <c>dataplane/</c> beside the sandbox's
        /// assembly, or in the module's <c>dataplane/</c> (the sandbox itself is in <c>deps/</c>).
        /// </summary>
        internal static string FindAssembly()
        {
            string? overridden = Environment.GetEnvironmentVariable(PathVariable);
            if (!string.IsNullOrEmpty(overridden))
            {
                return File.Exists(overridden) ? overridden!
                    : throw new InvalidOperationException($"{PathVariable} is '{overridden}', but there is no file there. Point it at {AssemblyName}, or unset it.");
            }

            string here = Path.GetDirectoryName(typeof(DataPlaneProcess).Assembly.Location) ?? AppContext.BaseDirectory;
            // Not beside the sandbox itself: a test project that references the data plane (for its unit tests) must not
            // start a process for every sandbox it creates.
            string[] candidates =
            {
                Path.Combine(here, "dataplane", AssemblyName),
                Path.Combine(here, "..", "dataplane", AssemblyName),
            };
            return candidates.Select(Path.GetFullPath).FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException(
                    $"The sandbox's data plane ({AssemblyName}) is not installed: looked in {string.Join(", ", candidates.Select(Path.GetFullPath))}. " +
                    $"Build the module with build.ps1 (it publishes it to <module>/dataplane/), or set {PathVariable}.");
        }

        /// <summary>The dotnet host: DOTNET_HOST_PATH, DOTNET_ROOT, this process if it is dotnet, PATH, /usr/share/dotnet.</summary>
        internal static string FindDotnet()
        {
            string exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
            var candidates = new List<string?>
            {
                Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
                Environment.GetEnvironmentVariable("DOTNET_ROOT") is string root && root.Length > 0 ? Path.Combine(root, exe) : null,
                Path.GetFileName(Environment.ProcessPath) == exe ? Environment.ProcessPath : null,
            };
            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, exe)));
            candidates.Add(OperatingSystem.IsWindows() ? @"C:\Program Files\dotnet\dotnet.exe" : "/usr/share/dotnet/dotnet");
            return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c))
                ?? throw new InvalidOperationException(
                    "The sandbox's data plane needs the dotnet host with the ASP.NET Core runtime 10, and no dotnet was found " +
                    "(looked at DOTNET_HOST_PATH, DOTNET_ROOT, PATH and /usr/share/dotnet). Install aspnetcore-runtime-10.0, or set DOTNET_ROOT.");
        }
    }
}
