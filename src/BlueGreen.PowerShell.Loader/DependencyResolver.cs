using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace BlueGreen.PowerShell.Loader
{
    /// <summary>
    /// Routes references to BlueGreen's engine assemblies (BlueGreen.Core, BlueGreen.Sandbox) into
    /// <see cref="DependencyLoadContext"/>; their own dependencies (AWS SDK v4, CliWrap) then load there too, so a
    /// module that loaded other versions into PowerShell's default context (AWS.Tools loads AWSSDK.Core 3.x) cannot
    /// clash with them.
    /// </summary>
    /// <remarks>
    /// PowerShell imports this assembly (the manifest's NestedModules) before the cmdlet assembly and runs
    /// <see cref="OnImport"/> at once. The handler stays registered for the life of the process: it answers only for
    /// assemblies shipped in deps/, and a second Import-Module must find it in place.
    /// </remarks>
    public sealed class DependencyResolver : IModuleAssemblyInitializer
    {
        private static readonly object Gate = new object();
        private static DependencyLoadContext? _dependencies;

        public void OnImport()
        {
            lock (Gate)
            {
                if (_dependencies != null)
                {
                    return;
                }

                string moduleDirectory = Path.GetDirectoryName(typeof(DependencyResolver).Assembly.Location) ?? ".";
                _dependencies = new DependencyLoadContext(Path.Combine(moduleDirectory, "deps"));
                AssemblyLoadContext.Default.Resolving += ResolveIntoDependencyContext;
            }
        }

        private static Assembly? ResolveIntoDependencyContext(AssemblyLoadContext defaultContext, AssemblyName name)
        {
            DependencyLoadContext? dependencies = _dependencies;
            if (dependencies == null || name.Name == null || !name.Name.StartsWith("BlueGreen.", StringComparison.Ordinal) || !dependencies.Ships(name))
            {
                return null;
            }

            return dependencies.LoadFromAssemblyName(name);
        }
    }
}
