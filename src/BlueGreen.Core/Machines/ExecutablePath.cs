using System.IO;

namespace BlueGreen.Machines
{
    /// <summary>
    /// Resolves a configured executable: a bare name (docker) is left to PATH, a path with a directory part
    /// (./tools/docker) is made absolute against the configuration's directory.
    /// </summary>
    internal static class ExecutablePath
    {
        internal static string Resolve(string? executable, string baseDirectory, string settingName)
        {
            if (string.IsNullOrWhiteSpace(executable))
            {
                throw new BlueGreenException("ExecutableNotSet", FailureCategory.InvalidArgument,
                    $"{settingName} is empty. Set it in bluegreen.psd1 to a command name on PATH or a full path.", settingName);
            }

            bool hasDirectory = executable!.IndexOf(Path.DirectorySeparatorChar) >= 0 || executable.IndexOf(Path.AltDirectorySeparatorChar) >= 0;
            return hasDirectory ? Path.GetFullPath(Path.Combine(baseDirectory, executable)) : executable;
        }

        /// <summary>The full path of a program name in the first PATH directory that has it, or null.</summary>
        internal static string? FindOnPath(string name) =>
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, name))
                .FirstOrDefault(File.Exists);
    }
}
