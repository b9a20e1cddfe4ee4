using BlueGreen.Aws.ParameterStore;

namespace BlueGreen.Deployment
{
    /// <summary>
    /// A list kept in pages under one path (path/001, path/002, ...), each page one value that fits the 4 KB limit.
    /// Appending changes only the last page and adds new ones, so pages already full are never rewritten.
    /// </summary>
    internal sealed class JournalList<T>
    {
        private readonly string _path;
        private readonly string _what;
        private readonly List<List<T>> _pages = new List<List<T>>();

        internal JournalList(string path, string what)
        {
            _path = path;
            _what = what;
        }

        internal IEnumerable<T> Items => _pages.SelectMany(p => p);

        internal int PageCount => _pages.Count;

        /// <summary>Loads a page read from the store (in page order).</summary>
        internal void Load(List<T> items) => _pages.Add(items);

        /// <summary>
        /// The pages that change when <paramref name="additions"/> are appended, as (name, value) in write order.
        /// Nothing changes in memory until <see cref="Commit"/>.
        /// </summary>
        internal (List<List<T>> Pages, List<(string Name, string Value)> Writes) Plan(IEnumerable<T> additions)
        {
            var pages = _pages.Select(p => new List<T>(p)).ToList();
            var dirty = new SortedSet<int>();
            foreach (T item in additions)
            {
                if (pages.Count == 0)
                {
                    pages.Add(new List<T>());
                }

                List<T> last = pages[pages.Count - 1];
                last.Add(item);
                if (last.Count > 1 && DeploymentStateCodec.Size(new DeploymentStateCodec.PageDocument<T> { Items = last }) > ParameterStoreLimits.MaxValueBytes)
                {
                    last.RemoveAt(last.Count - 1);
                    pages.Add(new List<T> { item });
                }

                dirty.Add(pages.Count - 1);
            }

            var writes = dirty.Select(index => (
                _path + "/" + DeploymentStateLocation.Number(index + 1),
                DeploymentStateCodec.Write(new DeploymentStateCodec.PageDocument<T> { Items = pages[index] }, $"{_what} page {index + 1}"))).ToList();
            return (pages, writes);
        }

        internal void Commit(List<List<T>> pages)
        {
            _pages.Clear();
            _pages.AddRange(pages);
        }
    }
}
