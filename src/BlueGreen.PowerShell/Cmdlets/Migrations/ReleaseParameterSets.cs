namespace BlueGreen.PowerShell.Cmdlets.Migrations
{
    /// <summary>
    /// The two ways the migration cmdlets reach a release: through the project's machines (the default: live
    /// machines run the old release, idle machines the new one) or through explicit manage commands.
    /// </summary>
    internal static class ReleaseParameterSets
    {
        internal const string Machines = "Machines";

        internal const string Commands = "Commands";

        /// <summary>The project and AWS parameters every machine cmdlet inherits; they mean nothing next to explicit manage commands.</summary>
        private static readonly string[] ProjectParameters =
        {
            "ConfigPath", "Project", "LoadBalancer", "TargetGroupName", "Region", "ProfileName", "EndpointUrl", "Provider",
        };

        /// <summary>The project parameters among <paramref name="bound"/> (to refuse them in the Commands set rather than ignore them).</summary>
        internal static string[] ProjectParametersIn(IDictionary<string, object> bound) =>
            ProjectParameters.Where(bound.ContainsKey).ToArray();
    }
}
