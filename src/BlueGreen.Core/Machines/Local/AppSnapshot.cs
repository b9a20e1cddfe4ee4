using System.IO;
using System.Text.RegularExpressions;

namespace BlueGreen.Machines.Local
{
    /// <summary>
    /// Copies an app directory as it is now into a machine's own directory, as <c>docker compose up --build</c>
    /// builds what is on disk at that moment. Names matching an exclude pattern (at any depth) and the directories
    /// given as excluded (the provider's state directory) are left out; symbolic links are copied as links.
    /// </summary>
    public sealed class AppSnapshot
    {
        private readonly IReadOnlyList<Regex> _patterns;
        private readonly IReadOnlyList<string> _excludedDirectories;

        /// <param name="excludePatterns">File or directory names, * and ? allowed (e.g. .git, __pycache__, *.sqlite3).</param>
        /// <param name="excludedDirectories">Absolute directories never copied (e.g. the state directory, wherever it is).</param>
        public AppSnapshot(IEnumerable<string> excludePatterns, IEnumerable<string> excludedDirectories)
        {
            _patterns = (excludePatterns ?? throw new ArgumentNullException(nameof(excludePatterns)))
                .Select(p => new Regex("^" + Regex.Escape(p).Replace("\\*", ".*").Replace("\\?", ".") + "\\z", RegexOptions.CultureInvariant))
                .ToList();
            _excludedDirectories = (excludedDirectories ?? throw new ArgumentNullException(nameof(excludedDirectories)))
                .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)))
                .ToList();
        }

        /// <summary>True when a file or directory of this name is left out.</summary>
        public bool Excludes(string name) => _patterns.Any(p => p.IsMatch(name));

        /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> (which must not exist yet); returns the number of files copied.</summary>
        public int Copy(string source, string destination, CancellationToken cancellationToken)
        {
            string from = Path.TrimEndingDirectorySeparator(Path.GetFullPath(source));
            if (!Directory.Exists(from))
            {
                throw new BlueGreenException("LocalAppDirectoryNotFound", FailureCategory.ObjectNotFound,
                    $"The app directory '{from}' does not exist. Set Machines.Local.AppDirectory in bluegreen.psd1 to the directory of manage.py.", from);
            }

            string to = Path.GetFullPath(destination);
            if (Directory.Exists(to) || File.Exists(to))
            {
                throw new BlueGreenException("LocalSnapshotExists", FailureCategory.ResourceExists,
                    $"The snapshot directory '{to}' already exists. Remove the machine it belongs to (Remove-BgMachine) or delete the directory.", to);
            }

            Directory.CreateDirectory(to);
            return CopyDirectory(new DirectoryInfo(from), to, cancellationToken);
        }

        private int CopyDirectory(DirectoryInfo from, string to, CancellationToken cancellationToken)
        {
            int files = 0;
            foreach (FileSystemInfo entry in from.EnumerateFileSystemInfos())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Excludes(entry.Name) || _excludedDirectories.Contains(Path.TrimEndingDirectorySeparator(entry.FullName), StringComparer.Ordinal))
                {
                    continue;
                }

                string target = Path.Combine(to, entry.Name);
                if (entry.LinkTarget != null)
                {
                    if (entry is DirectoryInfo)
                    {
                        Directory.CreateSymbolicLink(target, entry.LinkTarget);
                    }
                    else
                    {
                        File.CreateSymbolicLink(target, entry.LinkTarget);
                    }

                    files++;
                }
                else if (entry is DirectoryInfo directory)
                {
                    Directory.CreateDirectory(target);
                    files += CopyDirectory(directory, target, cancellationToken);
                }
                else
                {
                    ((FileInfo)entry).CopyTo(target);
                    files++;
                }
            }

            return files;
        }
    }
}
