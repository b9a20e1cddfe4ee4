namespace BlueGreen.Sandbox.Hosting
{
    /// <summary>
    /// The sandboxes started in this process, newest last. The environment points at the newest one; stopping it
    /// restores the environment from before it started, and stopping an older one hands what it would have restored to
    /// the one started after it, so stopping them in any order ends with the original environment.
    /// </summary>
    public sealed class RunningSandboxes
    {
        private readonly List<KeyValuePair<AwsSandbox, IReadOnlyDictionary<string, string?>>> _entries =
            new List<KeyValuePair<AwsSandbox, IReadOnlyDictionary<string, string?>>>();

        private readonly object _gate = new object();

        /// <summary>The process-wide list (environment variables are process-wide too).</summary>
        public static RunningSandboxes InProcess { get; } = new RunningSandboxes();

        /// <summary>The newest running sandbox, the one the environment points at; null when none runs.</summary>
        public AwsSandbox? Current
        {
            get
            {
                lock (_gate)
                {
                    return _entries.Count == 0 ? null : _entries[_entries.Count - 1].Key;
                }
            }
        }

        public IReadOnlyList<AwsSandbox> All
        {
            get
            {
                lock (_gate)
                {
                    return _entries.Select(e => e.Key).ToList();
                }
            }
        }

        /// <summary>Starts a sandbox and points the environment at it.</summary>
        public AwsSandbox Start(SandboxOptions options)
        {
            AwsSandbox sandbox = AwsSandbox.Start(options);
            lock (_gate)
            {
                _entries.Add(new KeyValuePair<AwsSandbox, IReadOnlyDictionary<string, string?>>(sandbox, SandboxEnvironment.Apply(sandbox)));
            }

            return sandbox;
        }

        /// <summary>Stops a sandbox and restores the environment as described above. False if it was not in the list.</summary>
        public bool Stop(AwsSandbox sandbox)
        {
            bool known;
            lock (_gate)
            {
                int index = _entries.FindIndex(e => ReferenceEquals(e.Key, sandbox));
                known = index >= 0;
                if (known)
                {
                    IReadOnlyDictionary<string, string?> previous = _entries[index].Value;
                    if (index == _entries.Count - 1)
                    {
                        SandboxEnvironment.Restore(previous);
                    }
                    else
                    {
                        _entries[index + 1] = new KeyValuePair<AwsSandbox, IReadOnlyDictionary<string, string?>>(_entries[index + 1].Key, previous);
                    }

                    _entries.RemoveAt(index);
                }
            }

            sandbox.Stop();
            return known;
        }
    }
}
