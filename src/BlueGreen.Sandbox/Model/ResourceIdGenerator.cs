using System.Globalization;
using System.Text;

namespace BlueGreen.Sandbox.Model
{
    /// <summary>
    /// Makes the random parts of resource ids in AWS's formats: 16 hex digits in ELB ARNs, 17 in instance ids, request
    /// ids as GUIDs. A fixed seed makes a whole sandbox run reproducible.
    /// </summary>
    internal sealed class ResourceIdGenerator
    {
        private readonly Random _random;
        private readonly object _gate = new object();

        internal ResourceIdGenerator(int? seed)
        {
            _random = seed.HasValue ? new Random(seed.Value) : new Random();
        }

        internal string Hex(int digits)
        {
            var text = new StringBuilder(digits);
            lock (_gate)
            {
                for (int i = 0; i < digits; i++)
                {
                    text.Append("0123456789abcdef"[_random.Next(16)]);
                }
            }

            return text.ToString();
        }

        internal string Digits(int count)
        {
            var text = new StringBuilder(count);
            lock (_gate)
            {
                for (int i = 0; i < count; i++)
                {
                    text.Append((char)('0' + _random.Next(i == 0 ? 1 : 0, 10)));
                }
            }

            return text.ToString();
        }

        internal int Next(int minValue, int maxValue)
        {
            lock (_gate)
            {
                return _random.Next(minValue, maxValue);
            }
        }

        internal string RequestId()
        {
            var bytes = new byte[16];
            lock (_gate)
            {
                _random.NextBytes(bytes);
            }

            return new Guid(bytes).ToString("D", CultureInfo.InvariantCulture);
        }
    }
}
