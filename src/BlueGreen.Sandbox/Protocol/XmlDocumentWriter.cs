using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace BlueGreen.Sandbox.Protocol
{
    /// <summary>
    /// Writes an XML response document the way AWS Query services do (UTF-8, one default namespace) and
    /// leaves out absent optional members instead of writing empty elements.
    /// </summary>
    internal sealed class XmlDocumentWriter : IDisposable
    {
        private readonly MemoryStream _buffer = new MemoryStream();
        private readonly XmlWriter _writer;
        private readonly string _namespace;

        internal XmlDocumentWriter(string rootElement, string xmlNamespace)
        {
            _namespace = xmlNamespace;
            _writer = XmlWriter.Create(_buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false });
            _writer.WriteStartDocument();
            _writer.WriteStartElement(rootElement, xmlNamespace);
        }

        internal void Start(string name) => _writer.WriteStartElement(name, _namespace);

        internal void End() => _writer.WriteEndElement();

        /// <summary>Writes <c>&lt;name&gt;value&lt;/name&gt;</c>, or nothing when the value is null.</summary>
        internal void Element(string name, string? value)
        {
            if (value != null)
            {
                _writer.WriteElementString(name, _namespace, value);
            }
        }

        internal void Element(string name, int? value) =>
            Element(name, value?.ToString(CultureInfo.InvariantCulture));

        internal void Element(string name, long? value) =>
            Element(name, value?.ToString(CultureInfo.InvariantCulture));

        internal void Element(string name, bool? value) =>
            Element(name, value == null ? null : value.Value ? "true" : "false");

        /// <summary>An ISO 8601 timestamp with milliseconds, as AWS writes them: <c>2024-05-01T10:15:30.123Z</c>.</summary>
        internal void Element(string name, DateTimeOffset? value) =>
            Element(name, value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

        internal string Finish()
        {
            _writer.WriteEndElement();
            _writer.WriteEndDocument();
            _writer.Flush();
            return Encoding.UTF8.GetString(_buffer.ToArray());
        }

        public void Dispose()
        {
            _writer.Dispose();
            _buffer.Dispose();
        }
    }
}
