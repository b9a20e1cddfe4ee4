using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BlueGreen.Machines.Local
{
    /// <summary>
    /// What a Local machine's launch leaves in &lt;state&gt;/machines/&lt;name&gt;/machine.json, so that any later pwsh
    /// session finds, checks and stops its processes: the gunicorn master's pid, its process group, the port and the
    /// snapshot it serves.
    /// </summary>
    public sealed class LocalMachineRecord
    {
        public const string FileName = "machine.json";

        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter() },
        };

        public string Name { get; set; } = string.Empty;

        public int Port { get; set; }

        /// <summary>The gunicorn master (its pid file's content).</summary>
        public int Pid { get; set; }

        /// <summary>The process group of the master and its workers (what is signalled on removal).</summary>
        public int ProcessGroup { get; set; }

        /// <summary>The snapshot gunicorn serves (its --chdir; also how its processes are recognised).</summary>
        public string AppDirectory { get; set; } = string.Empty;

        public string LogFile { get; set; } = string.Empty;

        public string? InstanceId { get; set; }

        public DateTimeOffset LaunchedAt { get; set; }

        /// <summary>What serves it (Gunicorn when the record is older than the setting).</summary>
        public BlueGreen.Configuration.LocalMachineRuntime Runtime { get; set; }

        /// <summary>Compose runtime: the compose project (-p) of its containers.</summary>
        public string? ComposeProject { get; set; }

        /// <summary>The color of the group it was launched for (BLUEGREEN_COLOR of its processes); null when not known.</summary>
        public string? Color { get; set; }

        public void Save(string machineDirectory)
        {
            string path = Path.Combine(machineDirectory, FileName);
            string temporary = path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
            File.Move(temporary, path, overwrite: true);
        }

        /// <summary>The record in <paramref name="machineDirectory"/>, or null when there is none (or it cannot be read).</summary>
        public static LocalMachineRecord? Load(string machineDirectory)
        {
            string path = Path.Combine(machineDirectory, FileName);
            try
            {
                return File.Exists(path) ? JsonSerializer.Deserialize<LocalMachineRecord>(File.ReadAllText(path), Json) : null;
            }
            catch (JsonException)
            {
                return null;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
