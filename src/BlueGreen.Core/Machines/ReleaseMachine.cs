using BlueGreen.Processes;

namespace BlueGreen.Machines
{
    /// <summary>A machine chosen to stand for a release, and the manage.py command that reaches its Django service.</summary>
    public sealed class ReleaseMachine(Machine machine, ManageCommand manage)
    {
        public Machine Machine { get; } = machine ?? throw new ArgumentNullException(nameof(machine));

        public string Name => Machine.Name;

        /// <summary><c>docker compose -f &lt;file&gt; exec -T|run --rm -T &lt;service&gt; &lt;Manage.Command&gt;</c> with the machine's DOCKER_* environment.</summary>
        public ManageCommand Manage { get; } = manage ?? throw new ArgumentNullException(nameof(manage));

        public override string ToString() => $"{Machine.Role.ToString().ToLowerInvariant()} machine {Machine.Name}";
    }
}
