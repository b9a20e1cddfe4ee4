namespace BlueGreen.Sandbox.Model.Parameters
{
    /// <summary>A parameter in the store: its name, tags and the versions Parameter Store keeps (the newest 100).</summary>
    internal sealed class StoredParameter(string name, string arn)
    {
        /// <summary>The name exactly as created (case-sensitive; with its leading slash when it has one).</summary>
        internal string Name { get; } = name;

        /// <summary><c>arn:aws:ssm:region:account:parameter/name-without-leading-slash</c>.</summary>
        internal string Arn { get; } = arn;

        /// <summary>Oldest first; the last one is the current version.</summary>
        internal List<ParameterVersion> Versions { get; } = new List<ParameterVersion>();

        internal ParameterVersion Current => Versions[Versions.Count - 1];

        internal TagSet Tags { get; } = new TagSet();
    }
}
