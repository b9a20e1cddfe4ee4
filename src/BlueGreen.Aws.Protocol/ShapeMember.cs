using System.Text.Json;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>A member of a structure, or the member/key/value of a list or map: a name and the shape it targets.</summary>
    public sealed class ShapeMember
    {
        private readonly ServiceModel _model;
        private readonly string _target;

        internal ShapeMember(ServiceModel model, string name, JsonElement definition)
        {
            _model = model;
            Name = name;
            _target = definition.GetProperty("shape").GetString()!;
            LocationName = definition.TryGetProperty("locationName", out JsonElement location) ? location.GetString() : null;
            Flattened = definition.TryGetProperty("flattened", out JsonElement flattened) && flattened.GetBoolean();
        }

        public string Name { get; }

        /// <summary>The wire name when it differs from <see cref="Name"/>.</summary>
        public string? LocationName { get; }

        public bool Flattened { get; }

        public string WireName => LocationName ?? Name;

        public Shape Shape => _model.GetShape(_target);
    }
}
