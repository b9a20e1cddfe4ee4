using System.Text.Json.Nodes;
using Amazon.Runtime;

namespace BlueGreen.Aws.Query
{
    /// <summary>One call of any operation, as the SDK pipeline carries it: the operation's name and its input tree.</summary>
    public sealed class QueryOperationRequest : AmazonWebServiceRequest
    {
        public QueryOperationRequest(string operation, JsonObject? input = null)
        {
            Operation = operation;
            Input = input ?? new JsonObject();
        }

        public string Operation { get; }

        public JsonObject Input { get; }
    }
}
