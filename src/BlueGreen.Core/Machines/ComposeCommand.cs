using BlueGreen.Configuration;

namespace BlueGreen.Machines
{
    /// <summary>
    /// The compose CLI as an argument array: <c>docker compose</c> (Compose v2, a docker plugin) or
    /// <c>docker-compose</c> (Compose v1), and where that choice came from (for -Verbose).
    /// </summary>
    public sealed class ComposeCommand
    {
        public ComposeCommand(string executable, IEnumerable<string> prefix, string source)
        {
            Executable = string.IsNullOrEmpty(executable) ? throw new ArgumentException("A compose command needs an executable.", nameof(executable)) : executable;
            Prefix = (prefix ?? throw new ArgumentNullException(nameof(prefix))).ToArray();
            Source = source ?? throw new ArgumentNullException(nameof(source));
        }

        /// <summary>docker compose (v2).</summary>
        public static ComposeCommand V2(string docker, string source) => new ComposeCommand(docker, new[] { "compose" }, source);

        /// <summary>docker-compose (v1).</summary>
        public static ComposeCommand V1(string dockerCompose, string source) => new ComposeCommand(dockerCompose, Array.Empty<string>(), source);

        /// <summary>The program run (docker, docker-compose or a path).</summary>
        public string Executable { get; }

        /// <summary>The arguments before compose's own (<c>compose</c> for v2, none for v1).</summary>
        public IReadOnlyList<string> Prefix { get; }

        /// <summary>How it was chosen: "Compose.Command", "Compose.DockerExecutable" or what detection found.</summary>
        public string Source { get; }

        /// <summary>"docker compose" or "docker-compose", for messages.</summary>
        public string DisplayText => string.Join(" ", new[] { Executable }.Concat(Prefix));

        public override string ToString() => DisplayText;

        /// <summary>
        /// The command the configuration names (Compose.Command, else &lt;Compose.DockerExecutable&gt; compose), with a
        /// path made absolute against <paramref name="baseDirectory"/>; null when it names none (detect it).
        /// </summary>
        public static ComposeCommand? FromSettings(ComposeSettings settings, string baseDirectory)
        {
            if (settings == null)
            {
                throw new ArgumentNullException(nameof(settings));
            }

            if (settings.Command != null)
            {
                if (settings.Command.Count == 0 || settings.Command.Any(string.IsNullOrWhiteSpace))
                {
                    throw new BlueGreenException("ComposeCommandNotSet", FailureCategory.InvalidArgument,
                        "Compose.Command is empty or has an empty item. Set it in bluegreen.psd1 to @('docker', 'compose') (Compose v2) or @('docker-compose') (v1), or remove it to detect which is installed.",
                        "Compose.Command");
                }

                return new ComposeCommand(ExecutablePath.Resolve(settings.Command[0], baseDirectory, "Compose.Command"), settings.Command.Skip(1), "Compose.Command");
            }

            return settings.DockerExecutable == null
                ? null
                : V2(ExecutablePath.Resolve(settings.DockerExecutable, baseDirectory, "Compose.DockerExecutable"), "Compose.DockerExecutable");
        }
    }
}
