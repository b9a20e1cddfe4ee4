namespace BlueGreen.Aws.ModelGenerator
{
    /// <summary>A JSON object of the service model: its members in document order (the order the classes' members keep).</summary>
    internal sealed class ModelJsonObject
    {
        private readonly List<KeyValuePair<string, object?>> _members = new List<KeyValuePair<string, object?>>();

        public IReadOnlyList<KeyValuePair<string, object?>> Members => _members;

        public void Add(string name, object? value) => _members.Add(new KeyValuePair<string, object?>(name, value));

        public object? this[string name] => _members.FirstOrDefault(m => m.Key == name).Value;

        public ModelJsonObject? Object(string name) => this[name] as ModelJsonObject;

        public string? String(string name) => this[name] as string;
    }
}
