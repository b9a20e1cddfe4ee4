using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// The addresses of host instances: <c>PREFIX.1</c> to <c>PREFIX.254</c> (127.0.1.x by default), the lowest free
    /// first, so an address is reused as soon as the instance that held it has stopped (as EC2 reuses them). An address
    /// something else on this machine uses (another sandbox's instance on its port 22) is skipped.
    /// </summary>
    internal sealed class HostAddressPool(string prefix, Func<IReadOnlyCollection<string>> inUseElsewhere)
    {
        private readonly string _prefix = prefix;
        private readonly Func<IReadOnlyCollection<string>> _inUseElsewhere = inUseElsewhere;
        private readonly HashSet<int> _held = new HashSet<int>();
        private readonly object _gate = new object();

        /// <summary>Up to <paramref name="maxCount"/> addresses, at least <paramref name="minCount"/> or InsufficientFreeAddressesInSubnet.</summary>
        internal IReadOnlyList<string> Allocate(int minCount, int maxCount)
        {
            lock (_gate)
            {
                IReadOnlyCollection<string> elsewhere = _inUseElsewhere();
                var taken = new List<int>();
                for (int host = 1; host <= 254 && taken.Count < maxCount; host++)
                {
                    if (!_held.Contains(host) && !elsewhere.Contains(Address(host)))
                    {
                        taken.Add(host);
                    }
                }

                if (taken.Count < minCount)
                {
                    throw new AwsErrorException("InsufficientFreeAddressesInSubnet",
                        $"There are not enough free addresses in {_prefix}.0/24 to launch {minCount} host instance(s) ({taken.Count} free): terminate some first.");
                }

                taken.ForEach(h => _held.Add(h));
                return taken.Select(Address).ToList();
            }
        }

        internal void Release(string address)
        {
            lock (_gate)
            {
                _held.Remove(int.Parse(address.Substring(_prefix.Length + 1), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        internal IReadOnlyList<string> Held
        {
            get
            {
                lock (_gate)
                {
                    return _held.OrderBy(h => h).Select(Address).ToList();
                }
            }
        }

        private string Address(int host) => $"{_prefix}.{host}";
    }
}
