using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace BlueGreen.PowerShell.Hosting
{
    /// <summary>
    /// Runs when the module is imported: routes every reference from the cmdlet assembly to an assembly shipped in
    /// deps/ into <see cref="DependencyLoadContext"/>. Only the cmdlet assembly lives in the default context; it
    /// touches BlueGreen.Core and BlueGreen.Sandbox types only, never AWS SDK or CliWrap types directly.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory =
            Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

        private static readonly DependencyLoadContext Dependencies =
            new DependencyLoadContext(Path.Combine(ModuleDirectory, "deps"));

        public void OnImport()
        {
            AssemblyLoadContext.Default.Resolving += ResolveIntoDependencyContext;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            AssemblyLoadContext.Default.Resolving -= ResolveIntoDependencyContext;
        }

        private static Assembly? ResolveIntoDependencyContext(AssemblyLoadContext defaultContext, AssemblyName name)
        {
            // Only our own engine assemblies are resolved from the default context's point of view; their own
            // dependencies are then found by DependencyLoadContext.Load, inside the isolated context.
            if (name.Name == null || !name.Name.StartsWith("BlueGreen.", StringComparison.Ordinal) || !Dependencies.Ships(name))
            {
                return null;
            }

            return Dependencies.LoadFromAssemblyName(name);
        }
    }
}
