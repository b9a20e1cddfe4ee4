using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace BlueGreen.Tests.Unit.Deployment.Release
{
    /// <summary>
    /// Journals written by the engine as it was before the release became a list of steps (ReleaseEngine of commit
    /// a2f9576), captured from <see cref="ReleaseWorld"/> runs: every parameter of the store, with the world's machines.
    /// Set BLUEGREEN_CAPTURE_JOURNAL to a directory to write them again from the current engine.
    /// </summary>
    internal static class LegacyJournal
    {
        internal static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Release", name + ".json");

        internal static void CaptureIfAsked(ReleaseWorld world, string name)
        {
            string? directory = Environment.GetEnvironmentVariable("BLUEGREEN_CAPTURE_JOURNAL");
            if (string.IsNullOrEmpty(directory))
            {
                return;
            }

            var document = new Snapshot
            {
                Parameters = world.Store.Parameters.ToDictionary(p => p.Key, p => p.Value.Value),
                Machines = world.Machines.Running.Select(m => new SnapshotMachine { Name = m.Name, Release = m.Release ?? string.Empty, Group = world.Elb.TargetsOf(FakeLoadBalancer.Green).Contains(m.InstanceId!) ? "green" : world.Elb.TargetsOf(FakeLoadBalancer.Blue).Contains(m.InstanceId!) ? "blue" : "none" }).ToList(),
                Serving = world.Elb.ServingGroup() == FakeLoadBalancer.Green ? "green" : "blue",
                Applied = world.Database.Applied.OrderBy(m => m, StringComparer.Ordinal).ToList(),
            };
            File.WriteAllText(Path.Combine(directory, name + ".json"), JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        /// <summary>A world as the captured run left it: its journal in the store, its machines running and registered.</summary>
        internal static async Task<ReleaseWorld> LoadAsync(string name)
        {
            Snapshot snapshot = JsonSerializer.Deserialize<Snapshot>(File.ReadAllText(PathOf(name)))!;
            var world = new ReleaseWorld(newMigration: true);
            foreach (var old in world.Machines.Running.ToList())
            {
                await world.Machines.RemoveAsync(old, CancellationToken.None);
                await world.Elb.DeregisterTargetsAsync(FakeLoadBalancer.Blue, new[] { new BlueGreen.Aws.ElasticLoadBalancing.Model.TargetDescription { Id = old.InstanceId } });
            }

            foreach (SnapshotMachine machine in snapshot.Machines)
            {
                var instance = world.Machines.Add(machine.Name, machine.Release);
                if (machine.Group != "none")
                {
                    world.Elb.AddTarget(machine.Group == "green" ? FakeLoadBalancer.Green : FakeLoadBalancer.Blue, instance.InstanceId!);
                }
            }

            if (snapshot.Serving == "green")
            {
                world.Elb.SwitchAllTo(FakeLoadBalancer.Green);
            }

            world.Database.Applied.Clear();
            world.Database.Applied.UnionWith(snapshot.Applied);
            foreach (KeyValuePair<string, string> parameter in snapshot.Parameters)
            {
                await world.Store.PutAsync(parameter.Key, parameter.Value, CancellationToken.None);
            }

            return world;
        }

        private sealed class Snapshot
        {
            public Dictionary<string, string> Parameters { get; set; } = new Dictionary<string, string>();

            public List<SnapshotMachine> Machines { get; set; } = new List<SnapshotMachine>();

            public string Serving { get; set; } = "blue";

            public List<string> Applied { get; set; } = new List<string>();
        }

        private sealed class SnapshotMachine
        {
            public string Name { get; set; } = string.Empty;

            public string Release { get; set; } = string.Empty;

            public string Group { get; set; } = "none";
        }
    }
}
