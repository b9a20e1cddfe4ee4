using System.Text.Json.Nodes;
using Amazon.Runtime;

namespace BlueGreen.Aws.Query
{
    /// <summary>The answer of any operation: its output tree (the {Op}Result element read against the output shape).</summary>
    public sealed class QueryOperationResponse : AmazonWebServiceResponse
    {
        public JsonObject Output { get; set; } = new JsonObject();
    }
}
