using System;
using System.IO;
using System.Linq;
using System.Threading;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Machines.Local;
using Xunit;

namespace BlueGreen.Tests.Unit.Machines.Local
{
    public sealed class AppSnapshotTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "bg-snapshot-" + Guid.NewGuid().ToString("N"));

        public AppSnapshotTests()
        {
            Directory.CreateDirectory(_root);
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);

        private string Write(string relative, string text = "x")
        {
            string path = Path.Combine(_root, "app", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        private string[] Copied(string destination) =>
            Directory.EnumerateFileSystemEntries(destination, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(destination, p).Replace('\\', '/'))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToArray();

        [Fact]
        public void Copies_the_app_without_git_caches_the_shared_database_and_the_state_directory()
        {
            Write("manage.py", "print('hi')");
            Write("project/settings.py");
            Write("project/__pycache__/settings.cpython-311.pyc");
            Write(".git/HEAD");
            Write("db.sqlite3");
            Write("shared.sqlite3-journal");
            Write("notes/keep.txt");
            Write(".bluegreen/local/machines/shop-1/app/manage.py");
            string app = Path.Combine(_root, "app");
            string destination = Path.Combine(_root, "snap");

            int files = new AppSnapshot(LocalMachineSettings.DefaultExclude, new[] { Path.Combine(app, ".bluegreen", "local") }).Copy(app, destination, CancellationToken.None);

            Assert.Equal(new[] { ".bluegreen", "manage.py", "notes", "notes/keep.txt", "project", "project/settings.py" }, Copied(destination));
            Assert.Equal(3, files);
            Assert.Equal("print('hi')", File.ReadAllText(Path.Combine(destination, "manage.py")));
        }

        [Fact]
        public void A_snapshot_is_what_was_on_disk_when_it_was_taken()
        {
            string release = Write("release.txt", "one");
            string app = Path.Combine(_root, "app");
            var snapshot = new AppSnapshot(Array.Empty<string>(), Array.Empty<string>());
            snapshot.Copy(app, Path.Combine(_root, "first"), CancellationToken.None);
            File.WriteAllText(release, "two");
            snapshot.Copy(app, Path.Combine(_root, "second"), CancellationToken.None);

            Assert.Equal("one", File.ReadAllText(Path.Combine(_root, "first", "release.txt")));
            Assert.Equal("two", File.ReadAllText(Path.Combine(_root, "second", "release.txt")));
        }

        [Fact]
        public void Patterns_match_whole_names_with_wildcards()
        {
            var snapshot = new AppSnapshot(new[] { "*.pyc", "node_modules", "db.sqlite3*" }, Array.Empty<string>());

            Assert.True(snapshot.Excludes("views.pyc"));
            Assert.True(snapshot.Excludes("node_modules"));
            Assert.True(snapshot.Excludes("db.sqlite3-wal"));
            Assert.False(snapshot.Excludes("views.py"));
            Assert.False(snapshot.Excludes("my_node_modules"));
        }

        [Fact]
        public void A_missing_app_directory_or_an_existing_destination_is_an_error_that_copies_nothing()
        {
            var snapshot = new AppSnapshot(Array.Empty<string>(), Array.Empty<string>());
            BlueGreenException missing = Assert.Throws<BlueGreenException>(() => snapshot.Copy(Path.Combine(_root, "nope"), Path.Combine(_root, "d1"), CancellationToken.None));
            Assert.Equal("LocalAppDirectoryNotFound", missing.ErrorId);
            Assert.Contains("Machines.Local.AppDirectory", missing.Message);
            Assert.False(Directory.Exists(Path.Combine(_root, "d1")));

            Write("manage.py");
            Directory.CreateDirectory(Path.Combine(_root, "d2"));
            BlueGreenException exists = Assert.Throws<BlueGreenException>(() => snapshot.Copy(Path.Combine(_root, "app"), Path.Combine(_root, "d2"), CancellationToken.None));
            Assert.Equal("LocalSnapshotExists", exists.ErrorId);
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "d2")));
        }
    }
}
