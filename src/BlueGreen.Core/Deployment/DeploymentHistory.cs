using BlueGreen.Aws.ParameterStore;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// The project's deployments as their journals record them: listed newest first from the headers under
    /// <see cref="DeploymentStateLocation.HistoryPath"/>, each read whole (steps, machines, migrations) from its
    /// journal. Keeps at most the configured number of deployments; older ones are deleted in batches of 10.
    /// </summary>
    public sealed class DeploymentHistory
    {
        private readonly DeploymentStateAccess _state;

        internal DeploymentHistory(DeploymentStateAccess state)
        {
            _state = state;
        }

        /// <summary>The ids of every recorded deployment, newest first (one listing of the headers).</summary>
        public async Task<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellationToken) =>
            (await ReadHeadersAsync(cancellationToken).ConfigureAwait(false)).Select(h => h.Id).ToList();

        /// <summary>The deployments, newest first; at most <paramref name="first"/> when given.</summary>
        public async Task<IReadOnlyList<DeploymentRecord>> ListAsync(int? first, CancellationToken cancellationToken)
        {
            var headers = await ReadHeadersAsync(cancellationToken).ConfigureAwait(false);
            var records = new List<DeploymentRecord>();
            foreach (var header in first.HasValue ? headers.Take(first.Value) : headers)
            {
                records.Add(await ReadRecordAsync(header, cancellationToken).ConfigureAwait(false));
            }

            return records;
        }

        /// <summary>The deployments still InProgress (running, or cut off by a crash), newest first.</summary>
        public async Task<IReadOnlyList<DeploymentRecord>> ListInProgressAsync(CancellationToken cancellationToken)
        {
            var records = new List<DeploymentRecord>();
            foreach (var header in (await ReadHeadersAsync(cancellationToken).ConfigureAwait(false)).Where(h => h.Status == DeploymentStatus.InProgress))
            {
                records.Add(await ReadRecordAsync(header, cancellationToken).ConfigureAwait(false));
            }

            return records;
        }

        /// <summary>One deployment, or null when there is none with that id.</summary>
        public async Task<DeploymentRecord?> GetAsync(string id, CancellationToken cancellationToken)
        {
            StoredParameter? parameter = await _state.Store.GetAsync(_state.Location.HeaderName(id), cancellationToken).ConfigureAwait(false);
            return parameter == null ? null : await ReadRecordAsync(DeploymentStateCodec.Read<DeploymentStateCodec.HeaderDocument>(parameter), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Opens the journal of a recorded deployment to go on writing it (resume, undo).</summary>
        public async Task<DeploymentJournal> OpenAsync(string id, CancellationToken cancellationToken)
        {
            StoredParameter? parameter = await _state.Store.GetAsync(_state.Location.HeaderName(id), cancellationToken).ConfigureAwait(false);
            if (parameter == null)
            {
                throw new BlueGreenException("DeploymentNotFound", FailureCategory.ObjectNotFound,
                    $"Project '{_state.Location.Project}' has no deployment {id}. Get-BgDeployment lists the recorded ones.", id);
            }

            var header = DeploymentStateCodec.Read<DeploymentStateCodec.HeaderDocument>(parameter);
            var (steps, machines, migrations, facts, paged, outputs) = await ReadJournalAsync(header.Id, cancellationToken).ConfigureAwait(false);
            return new DeploymentJournal(_state.Store, _state.Location, _state.Reporter, _state.Clock, header, steps, machines, migrations, facts, paged, outputs);
        }

        /// <summary>Creates the journal of a new deployment (its header, InProgress) and returns it.</summary>
        internal async Task<DeploymentJournal> CreateAsync(string id, string release, string? fromColor, string? toColor, string operation, string startedBy, string? lockId, string? message, CancellationToken cancellationToken)
        {
            var header = new DeploymentStateCodec.HeaderDocument
            {
                Id = DeploymentIdentifier.Require(id),
                Release = DeploymentTextLimits.Required(release, DeploymentTextLimits.Release, "release"),
                From = DeploymentTextLimits.Optional(fromColor, DeploymentTextLimits.Color, "color"),
                To = DeploymentTextLimits.Optional(toColor, DeploymentTextLimits.Color, "color"),
                Operation = DeploymentTextLimits.OperationName(operation),
                StartedBy = DeploymentTextLimits.Required(startedBy, DeploymentTextLimits.Holder, "operator"),
                StartedAt = _state.Clock(),
                Status = DeploymentStatus.InProgress,
                LockId = lockId,
                Message = DeploymentTextLimits.Optional(message, DeploymentTextLimits.Message, "message"),
            };
            var journal = new DeploymentJournal(_state.Store, _state.Location, _state.Reporter, _state.Clock, header, Array.Empty<DeploymentStateCodec.StepDocument>(), NewMachineLists(id), NewMigrationList(id),
                new Dictionary<string, string>(StringComparer.Ordinal), new Dictionary<string, DeploymentStateCodec.FactPagesDocument>(StringComparer.Ordinal),
                new Dictionary<string, string>(StringComparer.Ordinal));
            await journal.CreateHeaderAsync(cancellationToken).ConfigureAwait(false);
            return journal;
        }

        /// <summary>
        /// Deletes the deployments beyond the newest <paramref name="keep"/>, except those still InProgress (they are
        /// the record of a crash). Their journal parameters go first and the header last, so an interrupted prune
        /// leaves the deployment listed and the next prune finishes it. Returns the ids deleted.
        /// </summary>
        public async Task<IReadOnlyList<string>> PruneAsync(int keep, CancellationToken cancellationToken)
        {
            if (keep < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(keep), "At least one deployment is kept.");
            }

            var headers = await ReadHeadersAsync(cancellationToken).ConfigureAwait(false);
            var old = headers.Skip(keep).ToList();
            var deleted = new List<string>();
            foreach (var header in old)
            {
                if (header.Status == DeploymentStatus.InProgress)
                {
                    _state.Reporter.Warning($"Deployment {header.Id} is beyond the history limit but still InProgress (a crash?); it is kept until it is resumed or undone.");
                    continue;
                }

                var names = new List<string>();
                string? token = null;
                do
                {
                    ParameterPage page = await _state.Store.GetByPathAsync(_state.Location.JournalPath(header.Id), true, token, cancellationToken).ConfigureAwait(false);
                    names.AddRange(page.Parameters.Select(p => p.Name).Where(_state.Location.Contains));
                    token = page.NextToken;
                }
                while (token != null);

                names.Add(_state.Location.HeaderName(header.Id));
                for (int i = 0; i < names.Count; i += ParameterStoreLimits.MaxPageSize)
                {
                    await _state.Store.DeleteManyAsync(names.Skip(i).Take(ParameterStoreLimits.MaxPageSize).ToList(), cancellationToken).ConfigureAwait(false);
                }

                _state.Reporter.Verbose($"Deleted deployment {header.Id} from the history ({names.Count} parameter(s)): the history keeps {keep}.");
                deleted.Add(header.Id);
            }

            return deleted;
        }

        internal static DeploymentRecord ToRecord(
            string project,
            DeploymentStateCodec.HeaderDocument h,
            IEnumerable<DeploymentStateCodec.StepDocument> steps,
            Dictionary<MachineDisposition, JournalList<DeploymentStateCodec.MachineDocument>> machines,
            JournalList<string> migrations,
            IReadOnlyDictionary<string, string> facts,
            IReadOnlyDictionary<string, string> outputs)
        {
            List<DeploymentMachine> Machines(MachineDisposition d) => machines[d].Items.Select(m => new DeploymentMachine(m.Name, m.Id)).ToList();
            return new DeploymentRecord(h.Id, project, h.Release, h.From, h.To, h.Operation, h.StartedBy, h.StartedAt, h.EndedAt, h.Status, h.LockId, h.Message,
                h.MaintenanceStart, h.MaintenanceEnd, Machines(MachineDisposition.Launched), Machines(MachineDisposition.Kept), Machines(MachineDisposition.Removed),
                migrations.Items.ToList(), steps.OrderBy(s => s.N).Select(DeploymentJournal.ToStep).ToList(),
                new Dictionary<string, string>(facts.ToDictionary(f => f.Key, f => f.Value), StringComparer.Ordinal),
                new Dictionary<string, string>(outputs.ToDictionary(f => f.Key, f => f.Value), StringComparer.Ordinal));
        }

        private async Task<List<DeploymentStateCodec.HeaderDocument>> ReadHeadersAsync(CancellationToken cancellationToken)
        {
            var headers = new List<DeploymentStateCodec.HeaderDocument>();
            string? token = null;
            do
            {
                ParameterPage page = await _state.Store.GetByPathAsync(_state.Location.HistoryPath, false, token, cancellationToken).ConfigureAwait(false);
                foreach (StoredParameter parameter in page.Parameters)
                {
                    string id = parameter.Name.Substring(parameter.Name.LastIndexOf('/') + 1);
                    if (!DeploymentIdentifier.IsValid(id) || parameter.Name != _state.Location.HeaderName(id))
                    {
                        _state.Reporter.Warning($"Ignoring {parameter.Name}: not a BlueGreen deployment header.");
                        continue;
                    }

                    headers.Add(DeploymentStateCodec.Read<DeploymentStateCodec.HeaderDocument>(parameter));
                }

                token = page.NextToken;
            }
            while (token != null);

            return headers.OrderByDescending(h => h.Id, StringComparer.Ordinal).ToList();
        }

        private async Task<DeploymentRecord> ReadRecordAsync(DeploymentStateCodec.HeaderDocument header, CancellationToken cancellationToken)
        {
            var (steps, machines, migrations, facts, _, outputs) = await ReadJournalAsync(header.Id, cancellationToken).ConfigureAwait(false);
            return ToRecord(_state.Location.Project, header, steps, machines, migrations, facts, outputs);
        }

        private async Task<(List<DeploymentStateCodec.StepDocument> Steps, Dictionary<MachineDisposition, JournalList<DeploymentStateCodec.MachineDocument>> Machines, JournalList<string> Migrations,
            Dictionary<string, string> Facts, Dictionary<string, DeploymentStateCodec.FactPagesDocument> Paged, Dictionary<string, string> Outputs)>
            ReadJournalAsync(string id, CancellationToken cancellationToken)
        {
            string root = _state.Location.JournalPath(id) + "/";
            var parameters = new List<StoredParameter>();
            string? token = null;
            do
            {
                ParameterPage page = await _state.Store.GetByPathAsync(_state.Location.JournalPath(id), true, token, cancellationToken).ConfigureAwait(false);
                parameters.AddRange(page.Parameters.Where(p => p.Name.StartsWith(root, StringComparison.Ordinal)));
                token = page.NextToken;
            }
            while (token != null);

            var steps = new List<DeploymentStateCodec.StepDocument>();
            var machines = NewMachineLists(id);
            var migrations = NewMigrationList(id);
            var facts = new Dictionary<string, string>(StringComparer.Ordinal);
            var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
            var paged = new Dictionary<string, DeploymentStateCodec.FactPagesDocument>(StringComparer.Ordinal);
            var factPages = new Dictionary<string, StoredParameter>(StringComparer.Ordinal);
            foreach (StoredParameter parameter in parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                string[] parts = parameter.Name.Substring(root.Length).Split('/');
                if (parts.Length == 2 && parts[0] == "steps")
                {
                    steps.Add(DeploymentStateCodec.Read<DeploymentStateCodec.StepDocument>(parameter));
                }
                else if (parts.Length == 1 && parts[0] == "facts")
                {
                    var document = DeploymentStateCodec.Read<DeploymentStateCodec.FactsDocument>(parameter);
                    foreach (var fact in document.Facts)
                    {
                        facts[fact.Key] = fact.Value;
                    }

                    foreach (var pointer in document.Paged ?? new Dictionary<string, DeploymentStateCodec.FactPagesDocument>())
                    {
                        paged[pointer.Key] = pointer.Value;
                    }
                }
                else if (parts.Length == 2 && parts[0].StartsWith("facts-", StringComparison.Ordinal))
                {
                    // Read once the facts value says which slot holds the fact (the other may be stale or half-written).
                    factPages[parameter.Name] = parameter;
                }
                else if (parts.Length == 2 && parts[0] == "output")
                {
                    outputs[parts[1]] = DeploymentStateCodec.Read<DeploymentStateCodec.OutputDocument>(parameter).Text;
                }
                else if (parts.Length == 2 && parts[0] == "migrations")
                {
                    migrations.Load(DeploymentStateCodec.Read<DeploymentStateCodec.PageDocument<string>>(parameter).Items);
                }
                else if (parts.Length == 3 && parts[0] == "machines" && Enum.TryParse(parts[1], true, out MachineDisposition disposition))
                {
                    machines[disposition].Load(DeploymentStateCodec.Read<DeploymentStateCodec.PageDocument<DeploymentStateCodec.MachineDocument>>(parameter).Items);
                }
                else
                {
                    _state.Reporter.Warning($"Ignoring {parameter.Name}: not part of a BlueGreen journal.");
                }
            }

            foreach (var pointer in paged)
            {
                facts[pointer.Key] = ReadPagedFact(id, pointer.Key, pointer.Value, factPages);
            }

            DeploymentJournal.ApplyJoinedEnds(steps);

            return (steps, machines, migrations, facts, paged, outputs);
        }

        /// <summary>The text of a paged fact: pages 1..Count of the slot its facts value names, joined.</summary>
        private string ReadPagedFact(string id, string key, DeploymentStateCodec.FactPagesDocument pointer, IReadOnlyDictionary<string, StoredParameter> pages)
        {
            var text = new System.Text.StringBuilder();
            for (int number = 1; number <= pointer.Count; number++)
            {
                string name = _state.Location.FactPageName(id, key, pointer.Slot, number);
                if (!pages.TryGetValue(name, out StoredParameter? page))
                {
                    throw new BlueGreenException("StateValueUnreadable", FailureCategory.InvalidData,
                        $"The facts of deployment {id} keep '{key}' in {pointer.Count} page(s), and {name} is missing: something deleted part of the journal. Get-BgDeployment cannot read it; check it with 'aws ssm get-parameters-by-path --path {_state.Location.JournalPath(id)} --recursive'.",
                        name);
                }

                text.Append(DeploymentStateCodec.Read<DeploymentStateCodec.FactPageDocument>(page).Text);
            }

            return text.ToString();
        }

        private Dictionary<MachineDisposition, JournalList<DeploymentStateCodec.MachineDocument>> NewMachineLists(string id) =>
            Enum.GetValues(typeof(MachineDisposition)).Cast<MachineDisposition>().ToDictionary(
                d => d, d => new JournalList<DeploymentStateCodec.MachineDocument>(_state.Location.MachinePagePath(id, d), d.ToString().ToLowerInvariant() + " machines"));

        private JournalList<string> NewMigrationList(string id) => new JournalList<string>(_state.Location.MigrationPagePath(id), "migrations");
    }
}
