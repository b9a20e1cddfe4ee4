using System.IO;
using System.Text.RegularExpressions;

namespace BlueGreen.Machines.Local
{
    /// <summary>What a Local machine's gunicorn log says: whether its master halted, the exception that stopped it, its last lines.</summary>
    internal static class GunicornLog
    {
        /// <summary>True when gunicorn's log has its master's last words ("Shutting down: Master").</summary>
        internal static bool HasHalted(string logFile)
        {
            try
            {
                using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd().Contains("Shutting down: Master", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }

        private static readonly Regex PythonErrorLine = new Regex(
            @"^(?<type>[A-Za-z_][\w.]*(Error|Exception|Exit)): (?<text>.+)$", RegexOptions.CultureInvariant);

        /// <summary>
        /// The first exception a Python traceback in the log ended with (e.g. "ModuleNotFoundError: No module named
        /// 'x'"): the cause, where gunicorn's own traceback of halting (HaltServer) that follows it fills the tail.
        /// </summary>
        internal static string? FirstPythonError(string path)
        {
            try
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                return File.ReadLines(path)
                    .Select(line => PythonErrorLine.Match(line))
                    .Where(match => match.Success && !match.Groups["type"].Value.StartsWith("gunicorn.", StringComparison.Ordinal))
                    .Select(match => match.Value.Trim())
                    .FirstOrDefault();
            }
            catch (IOException)
            {
                return null;
            }
        }

        internal static string Tail(string path, int lines)
        {
            try
            {
                string[] all = File.Exists(path) ? File.ReadAllLines(path) : Array.Empty<string>();
                return all.Length == 0 ? "(empty)" : string.Join(System.Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
            }
            catch (IOException ex)
            {
                return $"(cannot read it: {ex.Message})";
            }
        }
    }
}
