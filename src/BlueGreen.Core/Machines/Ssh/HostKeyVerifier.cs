using System.Globalization;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using BlueGreen.Aws;
using BlueGreen.Processes;

namespace BlueGreen.Machines.Ssh
{
    /// <summary>
    /// Decides which host keys of a new instance to trust, before anything connects to it: the SHA256 fingerprints
    /// cloud-init printed to its console (GetConsoleOutput, polled until they appear) are the root of trust, since
    /// they come over the signed EC2 API from the instance's own boot. The keys the address presents, read with
    /// <c>ssh-keyscan</c>, must match them: a presented key of a family the console lists with another fingerprint,
    /// or no presented key matching at all, is a HostKeyMismatch. The trusted keys are the console's key block keys
    /// whose fingerprints match, and the presented keys that match; they replace the address's entries in
    /// BlueGreen's known-hosts file.
    /// </summary>
    public sealed class HostKeyVerifier
    {
        private readonly IAmazonEC2 _ec2;
        private readonly ICommandRunner _runner;
        private readonly string _keyscan;
        private readonly TimeSpan _timeout;
        private readonly TimeSpan _connectTimeout;
        private readonly KnownHostsFile _knownHosts;
        private readonly IOperationReporter _reporter;

        public HostKeyVerifier(IAmazonEC2 ec2, ICommandRunner runner, string keyscanExecutable, TimeSpan timeout, TimeSpan connectTimeout, KnownHostsFile knownHosts, IOperationReporter reporter)
        {
            _ec2 = ec2 ?? throw new ArgumentNullException(nameof(ec2));
            _runner = runner ?? throw new ArgumentNullException(nameof(runner));
            _keyscan = keyscanExecutable ?? throw new ArgumentNullException(nameof(keyscanExecutable));
            _timeout = timeout;
            _connectTimeout = connectTimeout;
            _knownHosts = knownHosts ?? throw new ArgumentNullException(nameof(knownHosts));
            _reporter = reporter ?? NullOperationReporter.Instance;
        }

        /// <summary>Pause before the second console or keyscan poll (later pauses grow up to 10 s).</summary>
        public TimeSpan FirstPollInterval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Verifies the instance's host key and records the trusted keys; returns them.</summary>
        public async Task<IReadOnlyList<HostPublicKey>> VerifyAsync(SshTarget target, IProgress<string>? status, CancellationToken cancellationToken)
        {
            if (target.InstanceId == null)
            {
                throw new ArgumentException("Verifying a host key needs the instance id (its console output).", nameof(target));
            }

            status?.Report($"{target.InstanceId}: reading the ssh host key fingerprints from the console output");
            ConsoleHostKeys console = await WaitForFingerprintsAsync(target, cancellationToken).ConfigureAwait(false);
            _reporter.Verbose($"Console output of {target.InstanceId} lists {string.Join(", ", console.Fingerprints)}; {console.VerifiedKeys.Count} of its {console.Keys.Count} printed key(s) match them.");
            status?.Report($"{target.InstanceId}: reading the host key {target.Address}:22 presents");
            IReadOnlyList<HostPublicKey> presented = await ScanAsync(target, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<HostPublicKey> trusted = Decide(target, console, presented);
            await _knownHosts.ReplaceAsync(target.Address, trusted, target.InstanceId, CancellationToken.None).ConfigureAwait(false);
            _reporter.Verbose($"Trusted the host key(s) of {target.Describe()}: {string.Join(", ", trusted)} (recorded in {_knownHosts.Path}).");
            return trusted;
        }

        /// <summary>The keys to trust, or HostKeyMismatch naming what was presented and what the console lists.</summary>
        public static IReadOnlyList<HostPublicKey> Decide(SshTarget target, ConsoleHostKeys console, IReadOnlyList<HostPublicKey> presented)
        {
            if (!console.HasFingerprints)
            {
                throw new ArgumentException("The console output has no fingerprints to verify against.", nameof(console));
            }

            string expected = string.Join(", ", console.Fingerprints);
            List<HostPublicKey> wrong = presented.Where(k => !console.Matches(k) && console.Fingerprints.Any(f => string.Equals(f.Family, k.Family, StringComparison.OrdinalIgnoreCase))).ToList();
            if (wrong.Count > 0)
            {
                throw SshFailures.HostKeyMismatch(target, string.Join(", ", wrong.Select(k => $"{k.Fingerprint} ({k.Family})")), expected);
            }

            List<HostPublicKey> matching = presented.Where(console.Matches).ToList();
            if (matching.Count == 0)
            {
                string shown = presented.Count == 0 ? "no key" : string.Join(", ", presented.Select(k => $"{k.Fingerprint} ({k.Family})"));
                throw SshFailures.HostKeyMismatch(target, shown, expected);
            }

            return console.VerifiedKeys.Concat(matching)
                .GroupBy(k => k.Fingerprint, StringComparer.Ordinal).Select(g => g.First()).ToList();
        }

        private async Task<ConsoleHostKeys> WaitForFingerprintsAsync(SshTarget target, CancellationToken cancellationToken)
        {
            using var deadline = new ReadyDeadline(_timeout, cancellationToken, FirstPollInterval);
            try
            {
                while (true)
                {
                    GetConsoleOutputResponse response = await AwsFailureTranslator.InvokeAsync("GetConsoleOutput", target.MachineName, () =>
                        _ec2.GetConsoleOutputAsync(new GetConsoleOutputRequest { InstanceId = target.InstanceId }, deadline.Token)).ConfigureAwait(false);
                    ConsoleHostKeys console = ConsoleHostKeys.Parse(Decode(response.Output));
                    if (console.HasFingerprints)
                    {
                        return console;
                    }

                    await deadline.PauseAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw SshFailures.FingerprintsMissing(target, _timeout);
            }
        }

        /// <summary>The keys ssh-keyscan reads from the address, polled until it answers; MachineUnreachable at the deadline.</summary>
        private async Task<IReadOnlyList<HostPublicKey>> ScanAsync(SshTarget target, CancellationToken cancellationToken)
        {
            using var deadline = new ReadyDeadline(_timeout, cancellationToken, FirstPollInterval);
            string? lastError = null;
            try
            {
                while (true)
                {
                    var request = new CommandRequest(_keyscan, new[] { "-T", ((int)_connectTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-t", "ecdsa,ed25519,rsa", target.Address })
                    {
                        ThrowOnNonZeroExit = false,
                        Timeout = _connectTimeout + _connectTimeout + TimeSpan.FromSeconds(5),
                        Target = target.Describe(),
                    };
                    (CommandResult? result, string? timedOut) = await deadline.TryRunAsync(_runner, request).ConfigureAwait(false);
                    if (result == null)
                    {
                        lastError = timedOut;
                        await deadline.PauseAsync().ConfigureAwait(false);
                        continue;
                    }

                    List<HostPublicKey> keys = ParseScan(target.Address, result.StandardOutput);
                    if (keys.Count > 0)
                    {
                        return keys;
                    }

                    lastError = string.IsNullOrWhiteSpace(result.StandardError) ? $"ssh-keyscan read no key (exit code {result.ExitCode})" : result.StandardError;
                    _reporter.Verbose($"{target.Describe()}: no host key yet ({SshFailures.Excerpt(lastError)}); trying again.");
                    await deadline.PauseAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw SshFailures.MachineUnreachable(target, lastError, _timeout);
            }
        }

        /// <summary>The keys of ssh-keyscan's output lines <c>&lt;address&gt; &lt;algorithm&gt; &lt;blob&gt;</c> (comments and other hosts left out).</summary>
        public static List<HostPublicKey> ParseScan(string address, IEnumerable<string> lines)
        {
            var keys = new List<HostPublicKey>();
            foreach (string line in lines)
            {
                string[] fields = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 3 && !fields[0].StartsWith("#", StringComparison.Ordinal) && (fields[0] == address || fields[0] == $"[{address}]:22"))
                {
                    HostPublicKey? key = HostPublicKey.TryParse(fields[1], fields[2]);
                    if (key != null)
                    {
                        keys.Add(key);
                    }
                }
            }

            return keys;
        }

        /// <summary>GetConsoleOutput's Output is base64 (the SDK does not decode it); text that is not is taken as it is.</summary>
        private static string Decode(string? output)
        {
            if (string.IsNullOrEmpty(output))
            {
                return string.Empty;
            }

            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(output));
            }
            catch (FormatException)
            {
                return output;
            }
        }
    }
}
