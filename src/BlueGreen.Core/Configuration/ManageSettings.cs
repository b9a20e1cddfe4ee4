namespace BlueGreen.Configuration
{
    /// <summary>How manage.py is run.</summary>
    public sealed class ManageSettings
    {
        /// <summary>The command inside the service, e.g. python /app/manage.py.</summary>
        public IReadOnlyList<string> Command { get; set; } = new[] { "python", "/app/manage.py" };

        /// <summary>
        /// Exec (docker compose exec -T, the default) or Run (docker compose run --rm: cookiecutter-django's
        /// entrypoint exports DATABASE_URL, and exec skips the entrypoint).
        /// </summary>
        public ManageMode Mode { get; set; } = ManageMode.Exec;

        /// <summary>
        /// When set, manage.py runs as this local command instead of on a machine (e.g. python3 manage.py), in
        /// <see cref="LocalWorkingDirectory"/>.
        /// </summary>
        public IReadOnlyList<string> LocalCommand { get; set; } = Array.Empty<string>();

        public string? LocalWorkingDirectory { get; set; }

        /// <summary>
        /// Whether a deployment's maintenance window keeps manage.py sessions open (the default): opened before the
        /// window on the machines it toggles and migrates, so each toggle and the migrate cost their work, not a
        /// Python and Django start. False: every command starts its own process.
        /// </summary>
        public bool Sessions { get; set; } = true;
    }
}
