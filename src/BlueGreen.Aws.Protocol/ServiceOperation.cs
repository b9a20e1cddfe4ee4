using System.Text.Json;

namespace BlueGreen.Aws.Protocol
{
    /// <summary>One operation of a <see cref="ServiceModel"/>: its input and output shapes and the Query protocol's result wrapper.</summary>
    public sealed class ServiceOperation
    {
        private readonly ServiceModel _model;
        private readonly string? _input;
        private readonly string? _output;

        internal ServiceOperation(ServiceModel model, string name, JsonElement definition)
        {
            _model = model;
            Name = name;
            _input = definition.TryGetProperty("input", out JsonElement input) ? input.GetProperty("shape").GetString() : null;
            if (definition.TryGetProperty("output", out JsonElement output))
            {
                _output = output.GetProperty("shape").GetString();
                ResultWrapper = output.TryGetProperty("resultWrapper", out JsonElement wrapper) ? wrapper.GetString() : null;
            }

            Errors = definition.TryGetProperty("errors", out JsonElement errors)
                ? errors.EnumerateArray().Select(e => e.GetProperty("shape").GetString()!).ToList()
                : new List<string>();
        }

        public string Name { get; }

        public Shape? Input => _input == null ? null : _model.GetShape(_input);

        public Shape? Output => _output == null ? null : _model.GetShape(_output);

        /// <summary>The element that wraps the output in a Query protocol answer (<c>DescribeListenersResult</c>).</summary>
        public string? ResultWrapper { get; }

        /// <summary>The names of the exception shapes the operation declares.</summary>
        public IReadOnlyList<string> Errors { get; }
    }
}
