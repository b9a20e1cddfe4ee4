namespace BlueGreen.Aws.Protocol
{
    /// <summary>Dotted member paths: wire keys (<c>Actions.member.1.Type</c>) and the camel-case paths of validation messages.</summary>
    internal static class MemberPath
    {
        internal static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

        internal static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);
    }
}
