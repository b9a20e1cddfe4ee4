using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Django;
using BlueGreen.Machines;
using BlueGreen.Processes;
using Xunit;

namespace BlueGreen.Tests.Unit.Django
{
    /// <summary>
    /// The migration engine on machines: the old release on a live machine (release 1's code), the new one on an idle
    /// machine (release 2's code), both reached by <c>docker compose exec</c> with the machine's DOCKER_* environment.
    /// </summary>
    public class MachineReleaseMigrationTests
    {
        private const string LiveName = "shop-0a0a0a0a";
        private const string IdleName = "shop-0b0b0b0b";

        private static readonly string[] ComposeExecPrefix = { "compose", "-f", "docker-compose.production.yml", "exec", "-T", "django", "python", "/app/manage.py" };

        private sealed class Approvals : IChangeApproval
        {
            internal List<string> Targets { get; } = new List<string>();

            public bool Approve(string target, string action)
            {
                Targets.Add(target);
                return true;
            }
        }

        private static ReleaseMachine OnMachine(ICommandRunner runner, string name, MachineRole role, string address)
        {
            var compose = new ComposeRunner(runner, new ComposeSettings { Command = new[] { "docker", "compose" } }, "/srv/shop", NullOperationReporter.Instance);
            var manage = new ManageRunner(runner, compose, new ManageSettings(), "/srv/shop", NullOperationReporter.Instance);
            var machine = new Machine(new MachineInstance(name, "i-" + name.Substring(5), MachineProviderKind.Ec2, address, "running", "ubuntu"),
                role, role == MachineRole.Live ? "shop-blue" : "shop-green", null, role == MachineRole.Live ? "blue" : "green", "healthy");
            return new ReleaseMachine(machine, manage.OnMachineAsync(DockerConnection.OverSsh("ubuntu", address, name), ManageMode.Exec, CancellationToken.None).GetAwaiter().GetResult());
        }

        /// <summary>Answers as Django would on each machine of a database migrated by release 2 (undone once a migrate step ran).</summary>
        private static ScriptedCommandRunner TwoMachines()
        {
            bool undone = false;
            return new ScriptedCommandRunner((request, arguments) =>
            {
                string? machine = request.Environment.TryGetValue(DockerConnection.MachineNameVariable, out string? name) ? name : null;
                if (machine == LiveName)
                {
                    return arguments == "showmigrations --plan --verbosity 2" ? (0, RecordedOutputs.Release1Plan, "") : (1, "", "release 1 was asked: " + arguments);
                }

                if (machine != IdleName)
                {
                    return (1, "", "no machine in the environment");
                }

                if (arguments.StartsWith("migrate ", StringComparison.Ordinal) && arguments.EndsWith(" --plan", StringComparison.Ordinal))
                {
                    string[] words = arguments.Split(' ');
                    return (0, words[1] switch
                    {
                        "catalog" => RecordedOutputs.Release2RevertCatalogPlan,
                        "orders" => RecordedOutputs.Release2RevertOrdersPlan,
                        "notes" => "Planned operations:\nnotes.0001_initial\n    Undo Create model Note\n",
                        _ => "Planned operations:\ninventory.0003_stock_location\n    Undo Add field location to stockitem\n",
                    }, "");
                }

                if (arguments.StartsWith("migrate ", StringComparison.Ordinal))
                {
                    undone = true;
                    return (0, "Running migrations:\n  Unapply ... OK\n", "");
                }

                return arguments == "showmigrations --plan --verbosity 2"
                    ? (0, undone ? RecordedOutputs.Release2Plan.Replace("[X]  catalog.0002", "[ ]  catalog.0002").Replace("[X]  catalog.0003", "[ ]  catalog.0003")
                        .Replace("[X]  catalog.0004", "[ ]  catalog.0004").Replace("[X]  catalog.add", "[ ]  catalog.add").Replace("[X]  inventory.0003", "[ ]  inventory.0003")
                        .Replace("[X]  notes", "[ ]  notes").Replace("[X]  orders", "[ ]  orders") : RecordedOutputs.Release2Plan, "")
                    : (1, "", "Unknown command: " + arguments);
            });
        }

        [Fact]
        public async Task The_diff_reads_each_release_on_its_machine_and_carries_the_idle_machine_to_the_undo()
        {
            ScriptedCommandRunner runner = TwoMachines();
            ReleaseMachine live = OnMachine(runner, LiveName, MachineRole.Live, "10.0.1.10");
            ReleaseMachine idle = OnMachine(runner, IdleName, MachineRole.Idle, "10.0.2.20");

            IReadOnlyList<MigrationDiff> diffs = await new MigrationDiffReader(new DjangoManageClient(runner)).ReadAsync(live, idle, CancellationToken.None);

            Assert.Equal(7, diffs.Count);
            Assert.All(diffs, diff =>
            {
                Assert.Equal(LiveName, diff.OldMachine);
                Assert.Equal(IdleName, diff.NewMachine);
                Assert.Equal(new[] { "docker" }.Concat(ComposeExecPrefix), diff.NewManageCommand);
                Assert.Equal("/srv/shop", diff.NewWorkingDirectory);
                Assert.Equal("ssh://ubuntu@10.0.2.20", diff.NewEnvironment["DOCKER_HOST"]);
                Assert.Equal(IdleName, diff.NewEnvironment["DOCKER_MACHINE_NAME"]);
                Assert.True(diff.Reversible);
            });
            Assert.Equal(new[] { "showmigrations --plan --verbosity 2" },
                runner.Requests.Where(r => r.Environment["DOCKER_MACHINE_NAME"] == LiveName && r.Arguments[0] != "ps").Select(r => string.Join(" ", r.Arguments.Skip(ComposeExecPrefix.Length).Where(a => a != "--no-color"))));
            // Each manage command looked for the service's container first (docker ps lists none here, so compose exec runs).
            Assert.All(runner.Requests.Where(r => r.Arguments[0] != "ps"), r => Assert.Equal(ComposeExecPrefix, r.Arguments.Take(ComposeExecPrefix.Length)));
            Assert.DoesNotContain("10.0.2.20", diffs[0].ToString());
        }

        [Fact]
        public async Task The_undo_runs_on_the_idle_machine_and_names_it_in_every_confirmation()
        {
            ScriptedCommandRunner runner = TwoMachines();
            ReleaseMachine live = OnMachine(runner, LiveName, MachineRole.Live, "10.0.1.10");
            ReleaseMachine idle = OnMachine(runner, IdleName, MachineRole.Idle, "10.0.2.20");
            IReadOnlyList<MigrationDiff> diffs = await new MigrationDiffReader(new DjangoManageClient(runner)).ReadAsync(live, idle, CancellationToken.None);
            int readRequests = runner.Requests.Count;
            var approvals = new Approvals();

            IReadOnlyList<MigrationUndoStepResult> results = await new MigrationUndo(new DjangoManageClient(runner), approvals).RunAsync(
                diffs.Select(d => new MigrationUndoRequest(d.App, d.Name, d.OldState, d.RevertTarget!)).ToList(), diffs[0].NewRelease, CancellationToken.None, null, diffs[0].NewMachine);

            Assert.Equal(new[] { "orders", "notes", "inventory", "catalog" }, results.Select(r => r.App));
            Assert.Equal(4, runner.Changes.Count());
            Assert.All(runner.Requests.Skip(readRequests), r => Assert.Equal(IdleName, r.Environment["DOCKER_MACHINE_NAME"]));
            Assert.All(approvals.Targets, target => Assert.StartsWith($"{target.Split(' ')[0]} on {IdleName} (docker compose -f docker-compose.production.yml exec -T django", target));
            Assert.All(approvals.Targets, target => Assert.DoesNotContain("10.0.2.20", target));
        }

        [Fact]
        public async Task The_pending_check_names_the_machine_it_checked()
        {
            var runner = new ScriptedCommandRunner((request, arguments) => arguments switch
            {
                "migrate --plan" => (0, RecordedOutputs.Release4PendingPlan, ""),
                _ when arguments.StartsWith("shell", StringComparison.Ordinal) => (0, RecordedOutputs.Release4PendingFacts, ""),
                _ => (0, "BEGIN;\nCOMMIT;\n", ""),
            });
            ReleaseMachine idle = OnMachine(runner, IdleName, MachineRole.Idle, "10.0.2.20");

            IReadOnlyList<PendingMigration> pending = await new PendingMigrationCheck(new DjangoManageClient(runner)).ReadAsync(idle, CancellationToken.None);

            Assert.Equal(4, pending.Count);
            Assert.All(pending, migration => Assert.Equal(IdleName, migration.Machine));
            Assert.Equal(new[] { "notes.0002_note_cleanup", "orders.0002_order_reference" }, pending.Where(p => !p.Reversible).Select(p => p.Key.ToString()));
            Assert.All(runner.Requests, r => Assert.Equal("ssh://ubuntu@10.0.2.20", r.Environment["DOCKER_HOST"]));
        }
    }
}
