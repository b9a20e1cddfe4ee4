using BlueGreen.Aws.ParameterStore;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// The write-ahead journal of one deployment. Every method persists before it returns (but
    /// <see cref="EndStepWithNextWriteAsync"/>, whose end goes with the next write): a step is written as Started
    /// before the caller lets it take effect (<see cref="BeginStepAsync"/>) and again when it ends
    /// (<see cref="EndStepAsync"/>), or its end is carried by the next step's first value; a step with nothing to do
    /// is written once, Skipped (<see cref="RecordSkippedStepAsync"/>). So after a crash at any instant the journal
    /// says what may have been done (a Started step without end) and what was confirmed. A write that still fails after the SDK's retries throws
    /// <see cref="JournalWriteFailedException"/> and breaks the journal: every later call throws it too, so a
    /// deployment cannot go on unrecorded. Calls are serialized; the journal may be shared by parallel work. A write,
    /// once begun, is not cancelled (the token only cancels waiting for the gate): Ctrl+C never leaves the journal
    /// unsure of what the store holds, so the deployment's end can still be recorded.
    /// </summary>
    public sealed partial class DeploymentJournal
    {
        /// <summary>At most this many steps per deployment (step names are three-digit numbers).</summary>
        public const int MaxSteps = 999;

        private readonly IParameterStore _store;
        private readonly DeploymentStateLocation _location;
        private readonly IOperationReporter _reporter;
        private readonly Func<DateTime> _clock;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private DeploymentStateCodec.HeaderDocument _header;
        private readonly SortedDictionary<int, DeploymentStateCodec.StepDocument> _steps;
        private readonly Dictionary<MachineDisposition, JournalList<DeploymentStateCodec.MachineDocument>> _machines;
        private readonly JournalList<string> _migrations;
        private Dictionary<string, string> _facts;
        private Dictionary<string, DeploymentStateCodec.FactPagesDocument> _paged;
        private readonly Dictionary<string, string> _outputs;
        private Exception? _failure;

        /// <summary>A step ended in <see cref="_steps"/> whose end the store does not hold yet (<see cref="EndStepWithNextWriteAsync"/>).</summary>
        private DeploymentStateCodec.StepDocument? _unwrittenEnd;

        internal DeploymentJournal(
            IParameterStore store,
            DeploymentStateLocation location,
            IOperationReporter reporter,
            Func<DateTime> clock,
            DeploymentStateCodec.HeaderDocument header,
            IEnumerable<DeploymentStateCodec.StepDocument> steps,
            Dictionary<MachineDisposition, JournalList<DeploymentStateCodec.MachineDocument>> machines,
            JournalList<string> migrations,
            Dictionary<string, string> facts,
            Dictionary<string, DeploymentStateCodec.FactPagesDocument> paged,
            Dictionary<string, string> outputs)
        {
            _facts = facts;
            _paged = paged;
            _outputs = outputs;
            _store = store;
            _location = location;
            _reporter = reporter;
            _clock = clock;
            _header = header;
            _steps = new SortedDictionary<int, DeploymentStateCodec.StepDocument>(steps.ToDictionary(s => s.N));
            _machines = machines;
            _migrations = migrations;
        }

        public string Id => _header.Id;

        /// <summary>True once a write failed: the journal takes no more and the deployment must stop.</summary>
        public bool IsBroken => _failure != null;

        /// <summary>The deployment as recorded so far.</summary>
        public DeploymentRecord Record => DeploymentHistory.ToRecord(_location.Project, _header, _steps.Values, _machines, _migrations, _facts, _outputs);

        /// <summary>The facts recorded so far (see <see cref="SetFactsAsync"/>).</summary>
        public IReadOnlyDictionary<string, string> Facts => _facts;

        /// <summary>
        /// Records step <paramref name="name"/> as Started, before it takes effect. Only when this returns may the
        /// caller do the step. A step end left to this write (<see cref="EndStepWithNextWriteAsync"/>) is in the same value.
        /// </summary>
        public Task<DeploymentStep> BeginStepAsync(string name, string? detail, CancellationToken cancellationToken) =>
            CreateStepAsync(name, detail, StepOutcome.Started, cancellationToken);

        /// <summary>
        /// Records step <paramref name="name"/>, which has nothing to do in this run, as Skipped in one write: no
        /// Started first, as nothing takes effect. A step end left to this write goes in the same value.
        /// </summary>
        public Task<DeploymentStep> RecordSkippedStepAsync(string name, string? detail, CancellationToken cancellationToken) =>
            CreateStepAsync(name, detail, StepOutcome.Skipped, cancellationToken);

        /// <summary>
        /// Records consecutive steps with nothing to do, Skipped, in order, written at the same time (one round trip):
        /// none takes effect, so after a crash any of them missing only means it is skipped again. A step end left to
        /// the next write goes in the first one's value.
        /// </summary>
        public async Task<IReadOnlyList<DeploymentStep>> RecordSkippedStepsAsync(IReadOnlyList<(string Name, string? Detail)> steps, CancellationToken cancellationToken)
        {
            if (steps.Count == 1)
            {
                return new[] { await RecordSkippedStepAsync(steps[0].Name, steps[0].Detail, cancellationToken).ConfigureAwait(false) };
            }

            var checkedSteps = steps.Select(s => (Name: DeploymentTextLimits.StepNameText(s.Name), Detail: DeploymentTextLimits.Optional(s.Detail, DeploymentTextLimits.StepDetail, "step detail"))).ToList();
            return await WriteAsync($"steps {string.Join(", ", checkedSteps.Select(s => "'" + s.Name + "'"))} (Skipped)", async () =>
            {
                int first = _steps.Count == 0 ? 1 : _steps.Keys.Max() + 1;
                if (first + checkedSteps.Count - 1 > MaxSteps)
                {
                    throw new BlueGreenException("JournalTooManySteps", FailureCategory.LimitsExceeded,
                        $"Deployment {Id} has {MaxSteps} steps already; the journal holds no more.", Id);
                }

                DateTime now = _clock();
                var documents = checkedSteps.Select((s, i) => new DeploymentStateCodec.StepDocument { N = first + i, Name = s.Name, Detail = s.Detail, Start = now, End = now, Outcome = StepOutcome.Skipped }).ToList();
                if (_unwrittenEnd != null)
                {
                    documents[0] = With(documents[0], _unwrittenEnd);
                }

                var values = documents.Select(d => (Name: _location.StepName(Id, d.N), Value: DeploymentStateCodec.Write(d, $"step {d.N}"))).ToList();
                _reporter.Verbose($"Journal {Id}: steps {first}-{first + documents.Count - 1} ({string.Join(", ", documents.Select(d => d.Name))}) skipped.");
                long?[] created = await Task.WhenAll(values.Select(v => _store.TryCreateAsync(v.Name, v.Value, CancellationToken.None))).ConfigureAwait(false);
                int taken = Array.IndexOf(created, null);
                if (taken >= 0)
                {
                    throw new BlueGreenException("JournalConflict", FailureCategory.ResourceBusy,
                        $"Step {first + taken} of deployment {Id} was already written by someone else: another process writes this journal.", values[taken].Name);
                }

                _unwrittenEnd = null;
                foreach (DeploymentStateCodec.StepDocument document in documents)
                {
                    _steps[document.N] = document;
                }

                return (IReadOnlyList<DeploymentStep>)documents.Select(ToStep).ToList();
            }, cancellationToken, carriesUnwrittenEnd: true).ConfigureAwait(false);
        }

        private Task<DeploymentStep> CreateStepAsync(string name, string? detail, StepOutcome outcome, CancellationToken cancellationToken)
        {
            string stepName = DeploymentTextLimits.StepNameText(name);
            string? stepDetail = DeploymentTextLimits.Optional(detail, DeploymentTextLimits.StepDetail, "step detail");
            string what = outcome == StepOutcome.Started ? $"the start of step '{stepName}'" : $"step '{stepName}' ({outcome})";
            return WriteAsync(what, async () =>
            {
                int number = _steps.Count == 0 ? 1 : _steps.Keys.Max() + 1;
                if (number > MaxSteps)
                {
                    throw new BlueGreenException("JournalTooManySteps", FailureCategory.LimitsExceeded,
                        $"Deployment {Id} has {MaxSteps} steps already; the journal holds no more.", Id);
                }

                DateTime now = _clock();
                var step = new DeploymentStateCodec.StepDocument { N = number, Name = stepName, Detail = stepDetail, Start = now, End = outcome == StepOutcome.Started ? null : now, Outcome = outcome };
                // The end of the step before, if it was left to this write: both land, or neither.
                DeploymentStateCodec.StepDocument written = _unwrittenEnd == null ? step : With(step, _unwrittenEnd);
                string value = DeploymentStateCodec.Write(written, $"step {number}");
                string parameter = _location.StepName(Id, number);
                _reporter.Verbose($"Journal {Id}: step {number} '{stepName}' {outcome.ToString().ToLowerInvariant()} ({parameter})" +
                    (_unwrittenEnd == null ? "." : $", with the end of step {_unwrittenEnd.N} ({_unwrittenEnd.Outcome})."));
                if (await _store.TryCreateAsync(parameter, value, CancellationToken.None).ConfigureAwait(false) == null)
                {
                    throw new BlueGreenException("JournalConflict", FailureCategory.ResourceBusy,
                        $"Step {number} of deployment {Id} was already written by someone else: another process writes this journal.", parameter);
                }

                _unwrittenEnd = null;
                // Kept with what it carries: a rewrite of this step (its end) must carry it again.
                _steps[number] = written;
                return ToStep(written);
            }, cancellationToken, carriesUnwrittenEnd: true);
        }

        /// <summary>
        /// Runs <paramref name="action"/> as one step: begun (persisted) first, ended Succeeded after, or Failed with
        /// the exception's message, which is then rethrown.
        /// </summary>
        public async Task<T> RunStepAsync<T>(string name, string? detail, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
        {
            DeploymentStep step = await BeginStepAsync(name, detail, cancellationToken).ConfigureAwait(false);
            T result;
            try
            {
                result = await action(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is JournalWriteFailedException))
            {
                // Recorded without the caller's token: a cancelled step is still written down as failed.
                await EndStepAsync(step, StepOutcome.Failed, ex is OperationCanceledException ? "Stopped (cancelled)." : ex.Message, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            await EndStepAsync(step, StepOutcome.Succeeded, null, cancellationToken).ConfigureAwait(false);
            return result;
        }

        public Task RunStepAsync(string name, string? detail, Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
            RunStepAsync<bool>(name, detail, async token =>
            {
                await action(token).ConfigureAwait(false);
                return true;
            }, cancellationToken);

        /// <summary>Adds machines the deployment launched, kept or removed (a machine already listed is not added twice).</summary>
        public Task RecordMachinesAsync(MachineDisposition disposition, IEnumerable<DeploymentMachine> machines, CancellationToken cancellationToken)
        {
            JournalList<DeploymentStateCodec.MachineDocument> list = _machines[disposition];
            var additions = machines.Select(m => new DeploymentStateCodec.MachineDocument { Name = m.Name, Id = m.InstanceId }).ToList();
            return WriteAsync($"the {disposition.ToString().ToLowerInvariant()} machines", async () =>
            {
                var known = new HashSet<string>(list.Items.Select(m => m.Name), StringComparer.Ordinal);
                var fresh = additions.Where(m => known.Add(m.Name)).ToList();
                await WritePagesAsync(list, fresh, CancellationToken.None).ConfigureAwait(false);
                _reporter.Verbose($"Journal {Id}: {fresh.Count} machine(s) recorded as {disposition}.");
                return true;
            }, cancellationToken);
        }

        /// <summary>Adds migrations (app.name) the deployment applied, in order.</summary>
        public Task RecordMigrationsAsync(IEnumerable<string> migrations, CancellationToken cancellationToken)
        {
            var additions = migrations.Select(m => DeploymentTextLimits.Required(m, DeploymentTextLimits.Migration, "migration name")).ToList();
            return WriteAsync("the applied migrations", async () =>
            {
                var known = new HashSet<string>(_migrations.Items, StringComparer.Ordinal);
                await WritePagesAsync(_migrations, additions.Where(known.Add).ToList(), CancellationToken.None).ConfigureAwait(false);
                return true;
            }, cancellationToken);
        }

        /// <summary>
        /// Records facts the deployment must remember to resume (its options, target groups, planned machine names):
        /// merged into the facts written so far and persisted as one value (at most 4 KB of JSON), with the facts too
        /// long for it in pages of their own, written first (<see cref="FactPages"/>).
        /// </summary>
        public Task SetFactsAsync(IEnumerable<KeyValuePair<string, string>> facts, CancellationToken cancellationToken)
        {
            var merged = new Dictionary<string, string>(_facts, StringComparer.Ordinal);
            foreach (var fact in facts)
            {
                merged[fact.Key] = fact.Value;
            }

            HashSet<string> paged = FactPages.ChoosePaged(merged, SizeWith);
            var pointers = new Dictionary<string, DeploymentStateCodec.FactPagesDocument>(StringComparer.Ordinal);
            var pageWrites = new List<(string Name, string Value)>();
            foreach (string key in paged.OrderBy(k => k, StringComparer.Ordinal))
            {
                if (_paged.TryGetValue(key, out DeploymentStateCodec.FactPagesDocument? current) && _facts.TryGetValue(key, out string? before) && before == merged[key])
                {
                    pointers[key] = current;
                    continue;
                }

                // Into the slot the facts value does not point at: until the facts value is written, the old pages stand.
                string slot = current == null ? FactPages.SlotA : FactPages.OtherSlot(current.Slot);
                List<string> texts = FactPages.Split(merged[key]);
                for (int i = 0; i < texts.Count; i++)
                {
                    pageWrites.Add((_location.FactPageName(Id, key, slot, i + 1),
                        DeploymentStateCodec.Write(new DeploymentStateCodec.FactPageDocument { Text = texts[i] }, $"page {i + 1} of fact {key}")));
                }

                pointers[key] = new DeploymentStateCodec.FactPagesDocument { Slot = slot, Count = texts.Count };
            }

            string value = DeploymentStateCodec.Write(Document(merged, pointers), "deployment facts");
            return WriteAsync("the deployment's facts", async () =>
            {
                await PutAllAsync(pageWrites).ConfigureAwait(false);
                await _store.PutAsync(_location.FactsName(Id), value, CancellationToken.None).ConfigureAwait(false);
                _facts = merged;
                _paged = pointers;
                return true;
            }, cancellationToken);
        }

        /// <summary>The largest number of machines one deployment takes: ELBv2's default limit of targets per target group.</summary>
        public const int MaxMachines = 1000;

        private static DeploymentStateCodec.FactsDocument Document(IReadOnlyDictionary<string, string> facts, IReadOnlyDictionary<string, DeploymentStateCodec.FactPagesDocument> paged) =>
            new DeploymentStateCodec.FactsDocument
            {
                Facts = facts.Where(f => !paged.ContainsKey(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
                Paged = paged.Count == 0 ? null : paged.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            };

        private static int SizeWith(IReadOnlyDictionary<string, string> facts, HashSet<string> paged) =>
            DeploymentStateCodec.Size(Document(facts, paged.ToDictionary(k => k, _ => new DeploymentStateCodec.FactPagesDocument { Slot = FactPages.SlotA, Count = 999 }, StringComparer.Ordinal)));

        /// <summary>
        /// Writes values that do not depend on each other at once (Parameter Store has no batch put), at most
        /// <see cref="MaxParallelWrites"/> in flight.
        /// </summary>
        private async Task PutAllAsync(IReadOnlyList<(string Name, string Value)> writes)
        {
            if (writes.Count == 1)
            {
                await _store.PutAsync(writes[0].Name, writes[0].Value, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            using var slots = new SemaphoreSlim(MaxParallelWrites, MaxParallelWrites);
            await Task.WhenAll(writes.Select(async write =>
            {
                await slots.WaitAsync().ConfigureAwait(false);
                try
                {
                    await _store.PutAsync(write.Name, write.Value, CancellationToken.None).ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                }
            }).ToList()).ConfigureAwait(false);
        }

        /// <summary>At most this many journal values are written at once (PutParameter's default rate is 40 per second).</summary>
        internal const int MaxParallelWrites = 8;

        /// <summary>
        /// Keeps a command's output under <paramref name="name"/> (letters, digits, '-'): the end of it when it is longer
        /// than one value holds, marked as cut.
        /// </summary>
        public Task WriteOutputAsync(string name, string text, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(name) || !System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z0-9-]{1,40}$"))
            {
                throw new ArgumentException("An output name is 1-40 letters, digits or '-'.", nameof(name));
            }

            var document = new DeploymentStateCodec.OutputDocument { Text = text ?? string.Empty };
            const string marker = "[…start cut]\n";
            while (DeploymentStateCodec.Size(document) > ParameterStoreLimits.MaxValueBytes - 64)
            {
                int over = DeploymentStateCodec.Size(document) - ParameterStoreLimits.MaxValueBytes + 64;
                string rest = document.Text.Substring(Math.Min(document.Text.Length, Math.Max(over / 2, 16) + marker.Length));
                document.Text = marker + rest;
            }

            string value = DeploymentStateCodec.Write(document, $"output {name}");
            return WriteAsync($"the output of {name}", async () =>
            {
                await _store.PutAsync(_location.OutputName(Id, name), value, CancellationToken.None).ConfigureAwait(false);
                _outputs[name] = document.Text;
                return true;
            }, cancellationToken);
        }

        /// <summary>Records the start of the maintenance window: call before turning maintenance mode on.</summary>
        public Task BeginMaintenanceAsync(CancellationToken cancellationToken) =>
            WriteHeaderAsync("the start of the maintenance window", h => h.MaintenanceStart = _clock(), cancellationToken);

        /// <summary>Records the end of the maintenance window: call after maintenance mode is off again.</summary>
        public Task EndMaintenanceAsync(CancellationToken cancellationToken) =>
            WriteHeaderAsync("the end of the maintenance window", h => h.MaintenanceEnd = _clock(), cancellationToken);

        /// <summary>Records the overall status; anything but InProgress also records the end time.</summary>
        public Task SetStatusAsync(DeploymentStatus status, CancellationToken cancellationToken) =>
            WriteHeaderAsync($"status {status}", h =>
            {
                h.Status = status;
                h.EndedAt = status == DeploymentStatus.InProgress ? (DateTime?)null : _clock();
            }, cancellationToken);

        /// <summary>Creates the header (without Overwrite): the first write of a deployment.</summary>
        internal Task CreateHeaderAsync(CancellationToken cancellationToken) =>
            WriteAsync("the new deployment", async () =>
            {
                string value = DeploymentStateCodec.Write(_header, "deployment header");
                if (await _store.TryCreateAsync(_location.HeaderName(Id), value, CancellationToken.None).ConfigureAwait(false) == null)
                {
                    throw new BlueGreenException("JournalConflict", FailureCategory.ResourceExists,
                        $"A deployment with id {Id} exists already.", Id);
                }

                return true;
            }, cancellationToken);

        private Task WriteHeaderAsync(string what, Action<DeploymentStateCodec.HeaderDocument> change, CancellationToken cancellationToken) =>
            WriteAsync(what, async () =>
            {
                var copy = Copy(_header);
                change(copy);
                string value = DeploymentStateCodec.Write(copy, "deployment header");
                _reporter.Verbose($"Journal {Id}: {what}.");
                await _store.PutAsync(_location.HeaderName(Id), value, CancellationToken.None).ConfigureAwait(false);
                _header = copy;
                return true;
            }, cancellationToken);

        private async Task WritePagesAsync<T>(JournalList<T> list, List<T> additions, CancellationToken cancellationToken)
        {
            if (additions.Count == 0)
            {
                return;
            }

            // The pages are independent values (a new page is only ever read with the ones before it): written at once.
            var (pages, writes) = list.Plan(additions);
            await PutAllAsync(writes).ConfigureAwait(false);
            list.Commit(pages);
        }

        /// <summary>
        /// Runs one persisting action under the gate. Size and input errors (thrown before anything is written) leave
        /// the journal usable; a failure of the store breaks it.
        /// </summary>
        /// <param name="carriesUnwrittenEnd">The write puts a step end left to it (<see cref="EndStepWithNextWriteAsync"/>) in its own value; otherwise that end is written first, on its own.</param>
        private async Task<T> WriteAsync<T>(string what, Func<Task<T>> write, CancellationToken cancellationToken, bool carriesUnwrittenEnd = false)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_failure != null)
                {
                    throw new JournalWriteFailedException(Id, what,
                        $"The journal of deployment {Id} could not be written earlier ({FirstLine(_failure.Message)}), so {what} was not recorded and the deployment must stop here. " +
                        "Get-BgDeployment -Id " + Id + " shows what was recorded.", _failure);
                }

                try
                {
                    if (_unwrittenEnd != null && !carriesUnwrittenEnd)
                    {
                        DeploymentStateCodec.StepDocument end = _unwrittenEnd;
                        await _store.PutAsync(_location.StepName(Id, end.N), DeploymentStateCodec.Write(end, $"step {end.N}"), CancellationToken.None).ConfigureAwait(false);
                        _unwrittenEnd = null;
                    }

                    return await write().ConfigureAwait(false);
                }
                catch (BlueGreenException ex) when (IsInputError(ex))
                {
                    throw;
                }
                catch (Exception ex) when (!(ex is InvalidOperationException) && !(ex is ArgumentException))
                {
                    _failure = ex;
                    if (ex is OperationCanceledException)
                    {
                        throw;
                    }

                    throw new JournalWriteFailedException(Id, what,
                        $"Recording {what} in the journal of deployment {Id} failed: {FirstLine(ex.Message)} The deployment stops here, at a safe point: " +
                        "nothing more is done unrecorded. Get-BgDeployment -Id " + Id + " shows what was recorded; the lock is kept.", ex);
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        private static bool IsInputError(BlueGreenException ex) =>
            ex.ErrorId.StartsWith("StateText", StringComparison.Ordinal) || ex.ErrorId == "StateValueTooLarge" || ex.ErrorId == "StateStepNameInvalid" ||
            ex.ErrorId == "JournalTooManySteps";

        /// <summary>Cuts a step's error further (with the marker) until the step fits one value, whatever its characters.</summary>
        private static void FitError(DeploymentStateCodec.StepDocument step)
        {
            while (step.Error != null && DeploymentStateCodec.Size(step) > ParameterStoreLimits.MaxValueBytes)
            {
                int over = DeploymentStateCodec.Size(step) - ParameterStoreLimits.MaxValueBytes;
                const string marker = " […cut]";
                int keep = Math.Max(0, step.Error.Length - marker.Length - Math.Max((over / 6) + 1, 8));
                if (keep > 0 && char.IsHighSurrogate(step.Error[keep - 1]))
                {
                    keep--;
                }

                step.Error = keep == 0 ? marker.Trim() : step.Error.Substring(0, keep) + marker;
            }
        }

        private static DeploymentStateCodec.HeaderDocument Copy(DeploymentStateCodec.HeaderDocument h) => new DeploymentStateCodec.HeaderDocument
        {
            V = h.V,
            Id = h.Id,
            Release = h.Release,
            From = h.From,
            To = h.To,
            Operation = h.Operation,
            StartedBy = h.StartedBy,
            StartedAt = h.StartedAt,
            EndedAt = h.EndedAt,
            Status = h.Status,
            LockId = h.LockId,
            Message = h.Message,
            MaintenanceStart = h.MaintenanceStart,
            MaintenanceEnd = h.MaintenanceEnd,
        };

        internal static DeploymentStep ToStep(DeploymentStateCodec.StepDocument s) => new DeploymentStep(s.N, s.Name, s.Detail, s.Start, s.End, s.Outcome, s.Error);

        private static string FirstLine(string message)
        {
            int end = message.IndexOfAny(new[] { '\r', '\n' });
            return (end < 0 ? message : message.Substring(0, end)).Trim();
        }
    }
}
