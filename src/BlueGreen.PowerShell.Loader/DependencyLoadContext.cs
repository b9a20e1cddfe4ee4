using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace BlueGreen.PowerShell.Loader
{
    /// <summary>
    /// BlueGreen's own assembly load context. Everything in the module's deps/ folder (the engine, the AWS SDK v4,
    /// CliWrap, ...) is loaded here, so another module that already loaded, say, AWSSDK.Core 3.x into PowerShell's
    /// default context cannot clash with ours. Assemblies not shipped in deps/ (the framework) fall through to the
    /// default context.
    /// </summary>
    internal sealed class DependencyLoadContext(string dependencyDirectory) : AssemblyLoadContext
    {
        private readonly string _dependencyDirectory = dependencyDirectory;

        internal string DependencyDirectory => _dependencyDirectory;

        internal bool Ships(AssemblyName name) => File.Exists(PathOf(name));

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // Framework assemblies (System.Memory, System.Text.Json, ...) are shared with everyone: loading the
            // netstandard copies from deps/ would make a second, incompatible Span<T> or JsonElement.
            if (File.Exists(Path.Combine(FrameworkDirectory, assemblyName.Name + ".dll")))
            {
                return null;
            }

            string path = PathOf(assemblyName);
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        private static readonly string FrameworkDirectory = RuntimeEnvironment.GetRuntimeDirectory();

        private string PathOf(AssemblyName name) => Path.Combine(_dependencyDirectory, name.Name + ".dll");
    }
}
