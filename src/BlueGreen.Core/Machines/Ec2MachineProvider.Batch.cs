using System.Security.Cryptography;
using System.Text;
using Amazon.EC2.Model;
using BlueGreen.Aws;

namespace BlueGreen.Machines
{
    /// <summary>
    /// The batch launch of the EC2 provider: one RunInstances makes the whole batch (MinCount 1, MaxCount N, one
    /// ClientToken derived from the machines' names, so a retried call with the same names returns the same
    /// instances). EC2 cannot tag each instance of one call with its own Name, so every instance carries
    /// bluegreen:launch = the token, and its name is tagged right after by its AmiLaunchIndex (one CreateTags per
    /// instance, all at once); an instance whose Name tag was never written (the process died in between) is still
    /// listed, as &lt;prefix&gt;&lt;instance id&gt;, so it can be seen and removed. What EC2 did not make (fewer
    /// instances than asked, InsufficientInstanceCapacity) is asked for again, with a token of its own, up to
    /// <see cref="MaxLaunchAttempts"/> times. All instances are then waited for together: one DescribeInstances and
    /// one DescribeInstanceStatus per poll for the whole batch (in chunks of <see cref="MaxIdsPerDescribe"/>); ssh
    /// (host keys, Docker) is prepared for at most maxParallel machines at once.
    /// </summary>
    public sealed partial class Ec2MachineProvider
    {
        /// <summary>The tag every instance of a batch RunInstances carries: that call's ClientToken.</summary>
        public const string LaunchTagKey = "bluegreen:launch";

        /// <summary>How many RunInstances calls a batch makes at most to get all its instances (partial capacity).</summary>
        public int MaxLaunchAttempts { get; set; } = 5;

        /// <summary>Pause before asking again for instances EC2 had no capacity for; doubled each attempt.</summary>
        public TimeSpan CapacityRetryPause { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>At most this many instance ids per DescribeInstances / DescribeInstanceStatus call.</summary>
        internal const int MaxIdsPerDescribe = 100;

        /// <summary>At most this many CreateTags calls in flight (one per instance: its Name).</summary>
        internal const int MaxParallelTagging = 32;

        public async Task<IReadOnlyList<LaunchOutcome<MachineInstance>>> LaunchBatchAsync(IReadOnlyList<MachineLaunchRequest> requests, IReadOnlyList<IProgress<string>> status,
            int maxParallel, CancellationToken cancellationToken)
        {
            if (requests.Count == 0)
            {
                return Array.Empty<LaunchOutcome<MachineInstance>>();
            }

            foreach (MachineLaunchRequest request in requests)
            {
                if (!MachineName.HasPrefix(request.Name, _prefix))
                {
                    throw new BlueGreenException("MachineNameOutsideProject", FailureCategory.InvalidArgument,
                        $"Machine name '{request.Name}' does not start with the project's prefix '{_prefix}'; it would not be found again. Use a name made by MachineName.CreateUnique.",
                        request.Name);
                }

                if (request.Release != requests[0].Release || request.Color != requests[0].Color)
                {
                    throw new ArgumentException("One batch launches machines of one release and one color.", nameof(requests));
                }
            }

            var outcomes = new LaunchOutcome<MachineInstance>?[requests.Count];
            var instanceIds = new string?[requests.Count];
            try
            {
                await RunBatchAsync(requests, status, instanceIds, outcomes, cancellationToken).ConfigureAwait(false);
                List<int> made = Enumerable.Range(0, requests.Count).Where(i => outcomes[i] == null).ToList();
                Dictionary<int, Instance> running = await WaitForBatchAsync(made, requests, status, instanceIds, outcomes, cancellationToken).ConfigureAwait(false);
                List<int> order = running.Keys.OrderBy(i => i).ToList();
                IReadOnlyList<LaunchOutcome<MachineInstance>> prepared = await ParallelLaunchScheduler.RunAsync(order.Count, Math.Max(1, maxParallel), async (k, token) =>
                {
                    int index = order[k];
                    MachineInstance machine = ToMachine(running[index], requests[index].Name);
                    try
                    {
                        if (_ssh != null)
                        {
                            await _ssh.PrepareAsync(machine, status[index], token).ConfigureAwait(false);
                        }
                    }
                    catch (Exception)
                    {
                        if (_ssh != null)
                        {
                            await ForgetHostKeyAsync(machine).ConfigureAwait(false);
                        }

                        throw;
                    }

                    return machine;
                }, cancellationToken).ConfigureAwait(false);
                foreach (LaunchOutcome<MachineInstance> outcome in prepared)
                {
                    int index = order[outcome.Index];
                    outcomes[index] = outcome.IsSuccess ? LaunchOutcome<MachineInstance>.Succeeded(index, outcome.Value!) : LaunchOutcome<MachineInstance>.Failed(index, outcome.Error!);
                }
            }
            catch (Exception ex)
            {
                // Cancelled or failed as a whole: every machine not yet decided fails with it.
                for (int i = 0; i < outcomes.Length; i++)
                {
                    outcomes[i] ??= LaunchOutcome<MachineInstance>.Failed(i, ex);
                }
            }

            // Whatever failed is terminated before its outcome is returned (not cancellable: nothing is left behind).
            var doomed = Enumerable.Range(0, requests.Count).Where(i => !outcomes[i]!.IsSuccess && instanceIds[i] != null).ToList();
            if (doomed.Count > 0)
            {
                foreach (int i in doomed)
                {
                    status[i].Report("Launch failed; terminating what it made");
                }

                await TerminateAfterFailureAsync(doomed.Select(i => instanceIds[i]!).ToList(), string.Join(", ", doomed.Select(i => requests[i].Name)), outcomes[doomed[0]]!.Error!).ConfigureAwait(false);
            }

            return outcomes.Select(o => o!).ToList();
        }

        /// <summary>
        /// The ClientToken of one RunInstances of a batch: from the names it launches and the attempt, so the same
        /// call made again (a retry, a resumed deployment with the same journaled names) returns the same instances.
        /// </summary>
        internal static string BatchClientToken(IEnumerable<string> names, int attempt)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", names) + "#" + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return "bg-" + Convert.ToHexString(hash).ToLowerInvariant().Substring(0, 40);
        }

        /// <summary>The name an instance of a batch launch is listed under while its Name tag is missing.</summary>
        private string? UnnamedBatchInstanceName(Instance instance)
        {
            if (TagOf(instance, LaunchTagKey) == null || string.IsNullOrEmpty(instance.InstanceId))
            {
                return null;
            }

            string name = _prefix + instance.InstanceId;
            return name.Length <= MachineName.MaxLength ? name : name.Substring(0, MachineName.MaxLength);
        }

        private async Task RunBatchAsync(IReadOnlyList<MachineLaunchRequest> requests, IReadOnlyList<IProgress<string>> status, string?[] instanceIds,
            LaunchOutcome<MachineInstance>?[] outcomes, CancellationToken cancellationToken)
        {
            var builder = new Ec2RunInstancesRequestBuilder(_project, _settings);
            List<int> missing = Enumerable.Range(0, requests.Count).ToList();
            TimeSpan pause = CapacityRetryPause;
            Exception? lastShortfall = null;
            for (int attempt = 1; attempt <= MaxLaunchAttempts && missing.Count > 0; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string token = BatchClientToken(missing.Select(i => requests[i].Name), attempt);
                RunInstancesRequest run = builder.CreateBatch(requests[missing[0]], missing.Count, token);
                foreach (int i in missing)
                {
                    status[i].Report(attempt == 1 ? "RunInstances" : $"RunInstances (attempt {attempt})");
                }

                _reporter.Verbose($"Calling EC2 RunInstances for {missing.Count} machine(s) (client token {token}, attempt {attempt}).");
                RunInstancesResponse response;
                try
                {
                    response = await RunInstancesAsync(run, token, cancellationToken).ConfigureAwait(false);
                }
                catch (BlueGreenException ex) when (ex.ErrorId == "AwsInsufficientInstanceCapacity")
                {
                    lastShortfall = ex;
                    if (attempt == MaxLaunchAttempts)
                    {
                        break;
                    }

                    _reporter.Warning($"EC2 has no capacity for the {missing.Count} instance(s) now ({ReleaseFirstLine(ex.Message)}); asking again in {pause.TotalSeconds:0} s.");
                    await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                    pause += pause;
                    continue;
                }

                List<Instance> instances = (response.Reservation?.Instances ?? new List<Instance>()).OrderBy(i => i.AmiLaunchIndex ?? 0).ToList();
                if (instances.Count > missing.Count)
                {
                    throw new BlueGreenException("UnexpectedRunInstancesResponse", FailureCategory.InvalidResult,
                        $"RunInstances for {missing.Count} machine(s) returned {instances.Count} instances. Check the EC2 endpoint.", token);
                }

                var named = new List<(int Index, string InstanceId)>();
                for (int k = 0; k < instances.Count; k++)
                {
                    instanceIds[missing[k]] = instances[k].InstanceId;
                    named.Add((missing[k], instances[k].InstanceId));
                }

                await TagNamesAsync(named, requests, status, outcomes).ConfigureAwait(false);
                List<int> rest = missing.Skip(instances.Count).ToList();
                if (rest.Count > 0)
                {
                    _reporter.Warning($"EC2 made {instances.Count} of the {missing.Count} instance(s) asked for (capacity); asking again for {rest.Count}.");
                    lastShortfall = new BlueGreenException("AwsInsufficientInstanceCapacity", FailureCategory.ResourceUnavailable,
                        $"EC2 made {instances.Count} of {missing.Count} instances asked for.", token);
                }

                missing = rest;
            }

            foreach (int i in missing)
            {
                outcomes[i] = LaunchOutcome<MachineInstance>.Failed(i, new BlueGreenException("InsufficientInstanceCapacity", FailureCategory.ResourceUnavailable,
                    $"EC2 had no capacity for {requests[i].Name} after {MaxLaunchAttempts} RunInstances calls ({ReleaseFirstLine(lastShortfall?.Message ?? "fewer instances than asked")}). " +
                    "Try another instance type or subnet (Machines.Ec2), or fewer machines, and resume.", requests[i].Name, lastShortfall));
            }
        }

        /// <summary>Tags each new instance Name = its machine's name (one CreateTags each, at most <see cref="MaxParallelTagging"/> at once).</summary>
        private async Task TagNamesAsync(List<(int Index, string InstanceId)> named, IReadOnlyList<MachineLaunchRequest> requests, IReadOnlyList<IProgress<string>> status,
            LaunchOutcome<MachineInstance>?[] outcomes)
        {
            using var slots = new SemaphoreSlim(MaxParallelTagging, MaxParallelTagging);
            await Task.WhenAll(named.Select(async pair =>
            {
                // Not cancellable: the instance exists; without its name it would be listed as <prefix><id>.
                await slots.WaitAsync().ConfigureAwait(false);
                try
                {
                    status[pair.Index].Report($"{pair.InstanceId}: tagging Name");
                    await AwsFailureTranslator.InvokeAsync("CreateTags", requests[pair.Index].Name, () => _ec2.CreateTagsAsync(new CreateTagsRequest
                    {
                        Resources = new List<string> { pair.InstanceId },
                        Tags = new List<Tag> { new Tag("Name", requests[pair.Index].Name) },
                    }, CancellationToken.None)).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    outcomes[pair.Index] = LaunchOutcome<MachineInstance>.Failed(pair.Index, ex);
                }
                finally
                {
                    slots.Release();
                }
            }).ToList()).ConfigureAwait(false);
        }

        /// <summary>
        /// Waits until every made instance is running (and, with <see cref="WaitForStatusChecks"/>, has both checks ok):
        /// one DescribeInstances, then one DescribeInstanceStatus, per poll for all of them. An instance that stops
        /// on the way fails alone; the deadline fails those not ready by then.
        /// </summary>
        private async Task<Dictionary<int, Instance>> WaitForBatchAsync(List<int> made, IReadOnlyList<MachineLaunchRequest> requests, IReadOnlyList<IProgress<string>> status,
            string?[] instanceIds, LaunchOutcome<MachineInstance>?[] outcomes, CancellationToken cancellationToken)
        {
            var running = new Dictionary<int, Instance>();
            var ready = new HashSet<int>();
            var waiting = made.ToDictionary(i => instanceIds[i]!, i => i, StringComparer.Ordinal);
            foreach (var pair in waiting)
            {
                status[pair.Value].Report($"{pair.Key}: waiting for running");
            }

            using (var deadline = new ReadyDeadline(ReadyTimeout, cancellationToken, FirstPollInterval))
            {
                try
                {
                    await deadline.RunAsync(async token =>
                    {
                        while (waiting.Count > 0)
                        {
                            foreach (Instance instance in await DescribeManyAsync(waiting.Keys.ToList(), token).ConfigureAwait(false))
                            {
                                if (!waiting.TryGetValue(instance.InstanceId, out int index))
                                {
                                    continue;
                                }

                                string? state = instance.State?.Name?.Value;
                                if (state == "running")
                                {
                                    running[index] = instance;
                                    waiting.Remove(instance.InstanceId);
                                    if (!WaitForStatusChecks)
                                    {
                                        ready.Add(index);
                                    }

                                    status[index].Report(WaitForStatusChecks ? $"{instance.InstanceId}: waiting for status checks" : $"{instance.InstanceId}: running");
                                }
                                else if (state == "shutting-down" || state == "terminated" || state == "stopping" || state == "stopped")
                                {
                                    waiting.Remove(instance.InstanceId);
                                    outcomes[index] = LaunchOutcome<MachineInstance>.Failed(index, new BlueGreenException("InstanceDidNotStart", FailureCategory.ResourceUnavailable,
                                        $"Instance {instance.InstanceId} ({requests[index].Name}) went to state '{state}' instead of running ({instance.StateReason?.Message}). Check the launch settings and the EC2 console.",
                                        instance.InstanceId));
                                }
                            }

                            if (waiting.Count > 0)
                            {
                                await deadline.PauseAsync().ConfigureAwait(false);
                            }
                        }

                        if (!WaitForStatusChecks)
                        {
                            return true;
                        }

                        var checking = running.ToDictionary(p => p.Value.InstanceId, p => p.Key, StringComparer.Ordinal);
                        while (checking.Count > 0)
                        {
                            foreach (InstanceStatus check in await DescribeStatusManyAsync(checking.Keys.ToList(), token).ConfigureAwait(false))
                            {
                                if (!checking.TryGetValue(check.InstanceId, out int index))
                                {
                                    continue;
                                }

                                string? system = check.SystemStatus?.Status?.Value;
                                string? instance = check.Status?.Status?.Value;
                                if (system == "ok" && instance == "ok")
                                {
                                    checking.Remove(check.InstanceId);
                                    ready.Add(index);
                                }
                                else if (system == "impaired" || instance == "impaired")
                                {
                                    checking.Remove(check.InstanceId);
                                    running.Remove(index);
                                    outcomes[index] = LaunchOutcome<MachineInstance>.Failed(index, new BlueGreenException("InstanceImpaired", FailureCategory.ResourceUnavailable,
                                        $"Instance {check.InstanceId} ({requests[index].Name}) failed its status checks (system: {system}, instance: {instance}). It is terminated; check the AMI and the instance type.",
                                        check.InstanceId));
                                }
                            }

                            if (checking.Count > 0)
                            {
                                await deadline.PauseAsync().ConfigureAwait(false);
                            }
                        }

                        return true;
                    }, $"{made.Count} instance(s) were not all running with both status checks ok", requests[0].Name).ConfigureAwait(false);
                }
                catch (BlueGreenException timedOut) when (timedOut.ErrorId == "WaitTimedOut")
                {
                    foreach (int index in made.Where(i => outcomes[i] == null && !ready.Contains(i)))
                    {
                        outcomes[index] = LaunchOutcome<MachineInstance>.Failed(index, timedOut);
                        running.Remove(index);
                    }
                }
            }

            return running;
        }

        private async Task<List<Instance>> DescribeManyAsync(List<string> ids, CancellationToken token)
        {
            var calls = Chunks(ids).Select(chunk => AwsFailureTranslator.InvokeAsync("DescribeInstances", chunk[0], () => _ec2.DescribeInstancesAsync(
                new DescribeInstancesRequest { InstanceIds = chunk }, token))).ToList();
            return (await Task.WhenAll(calls).ConfigureAwait(false))
                .SelectMany(r => r.Reservations ?? new List<Reservation>()).SelectMany(r => r.Instances ?? new List<Instance>()).ToList();
        }

        private async Task<List<InstanceStatus>> DescribeStatusManyAsync(List<string> ids, CancellationToken token)
        {
            var calls = Chunks(ids).Select(chunk => AwsFailureTranslator.InvokeAsync("DescribeInstanceStatus", chunk[0], () => _ec2.DescribeInstanceStatusAsync(
                new DescribeInstanceStatusRequest { InstanceIds = chunk, IncludeAllInstances = true }, token))).ToList();
            return (await Task.WhenAll(calls).ConfigureAwait(false)).SelectMany(r => r.InstanceStatuses ?? new List<InstanceStatus>()).ToList();
        }

        private static IEnumerable<List<string>> Chunks(List<string> ids)
        {
            for (int start = 0; start < ids.Count; start += MaxIdsPerDescribe)
            {
                yield return ids.Skip(start).Take(MaxIdsPerDescribe).ToList();
            }
        }

        private async Task TerminateAfterFailureAsync(List<string> ids, string names, Exception cause)
        {
            try
            {
                await AwsFailureTranslator.InvokeAsync("TerminateInstances", names, () => _ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = ids }, CancellationToken.None)).ConfigureAwait(false);
                _reporter.Verbose($"Terminated {string.Join(", ", ids)} ({names}) after: {cause.Message}");
            }
            catch (Exception cleanupFailure)
            {
                _reporter.Warning($"Launching {names} failed and terminating their instances failed too ({cleanupFailure.Message}). Terminate {string.Join(", ", ids)} by hand.");
            }
        }

        private static string ReleaseFirstLine(string message)
        {
            int end = message.IndexOfAny(new[] { '\r', '\n' });
            return (end < 0 ? message : message.Substring(0, end)).Trim();
        }
    }
}
