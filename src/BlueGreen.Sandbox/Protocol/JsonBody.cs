using System.IO;
using System.Text;
using System.Text.Json;

namespace BlueGreen.Sandbox.Protocol
{
    /// <summary>Writes an AWS JSON protocol body (compact, as the services send it).</summary>
    internal static class JsonBody
    {
        internal static string Write(Action<Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                write(json);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
