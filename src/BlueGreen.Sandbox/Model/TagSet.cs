namespace BlueGreen.Sandbox.Model
{
    /// <summary>The tags of one resource, in the order they were first set. Setting an existing key replaces its value.</summary>
    internal sealed class TagSet
    {
        private readonly List<KeyValuePair<string, string>> _tags = new List<KeyValuePair<string, string>>();

        internal IReadOnlyList<KeyValuePair<string, string>> Items => _tags;

        internal int Count => _tags.Count;

        internal string? this[string key]
        {
            get
            {
                int index = IndexOf(key);
                return index < 0 ? null : _tags[index].Value;
            }
        }

        internal bool Contains(string key) => IndexOf(key) >= 0;

        internal void Set(string key, string value)
        {
            int index = IndexOf(key);
            if (index < 0)
            {
                _tags.Add(new KeyValuePair<string, string>(key, value));
            }
            else
            {
                _tags[index] = new KeyValuePair<string, string>(key, value);
            }
        }

        internal void SetAll(IEnumerable<KeyValuePair<string, string>> tags)
        {
            foreach (KeyValuePair<string, string> tag in tags)
            {
                Set(tag.Key, tag.Value);
            }
        }

        internal void Remove(string key)
        {
            int index = IndexOf(key);
            if (index >= 0)
            {
                _tags.RemoveAt(index);
            }
        }

        /// <summary>How many keys the set would hold after adding these.</summary>
        internal int CountAfterAdding(IEnumerable<KeyValuePair<string, string>> tags) =>
            _tags.Select(t => t.Key).Union(tags.Select(t => t.Key), StringComparer.Ordinal).Count();

        private int IndexOf(string key) => _tags.FindIndex(t => string.Equals(t.Key, key, StringComparison.Ordinal));
    }
}
