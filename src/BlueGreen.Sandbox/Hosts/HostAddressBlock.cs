using System.Globalization;
using System.IO;

namespace BlueGreen.Sandbox.Hosts
{
    /// <summary>
    /// The /24 of 127.0.0.0/8 one sandbox's host instances take their addresses from, held for the sandbox's life by an
    /// exclusive lock on <c>RUNROOT/address-blocks/127.0.N.lock</c> (flock, which .NET takes for FileShare.None on
    /// Unix, and which the kernel drops when the process dies): sandboxes running side by side, in one process or
    /// several, never hand out the same address, and an address is reused only within its sandbox, lowest free first.
    /// </summary>
    internal sealed class HostAddressBlock : IDisposable
    {
        private readonly FileStream _lock;

        private HostAddressBlock(string prefix, FileStream held)
        {
            Prefix = prefix;
            _lock = held;
        }

        /// <summary>The block's first three octets, e.g. 127.0.1.</summary>
        internal string Prefix { get; }

        /// <summary>
        /// Claims <paramref name="prefix"/> when it is given (failing when another sandbox holds it), else the lowest free
        /// block of 127.0.1 to 127.0.254.
        /// </summary>
        internal static HostAddressBlock Claim(string runRoot, string? prefix)
        {
            string folder = Path.Combine(runRoot, "address-blocks");
            Directory.CreateDirectory(folder);
            if (prefix != null)
            {
                return TryClaim(folder, prefix) ?? throw new InvalidOperationException(
                    $"Another sandbox on this machine holds the host addresses {prefix}.0/24 ({Path.Combine(folder, prefix + ".lock")}). Stop it, or leave HostAddressPrefix unset to take a free block.");
            }

            for (int block = 1; block <= 254; block++)
            {
                HostAddressBlock? claimed = TryClaim(folder, "127.0." + block.ToString(CultureInfo.InvariantCulture));
                if (claimed != null)
                {
                    return claimed;
                }
            }

            throw new InvalidOperationException($"Every block of host addresses 127.0.1.0/24 to 127.0.254.0/24 is held by another sandbox ({folder}). Stop some sandboxes first.");
        }

        private static HostAddressBlock? TryClaim(string folder, string prefix)
        {
            try
            {
                var held = new FileStream(Path.Combine(folder, prefix + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new HostAddressBlock(prefix, held);
            }
            catch (IOException)
            {
                return null;
            }
        }

        public void Dispose() => _lock.Dispose();
    }
}
