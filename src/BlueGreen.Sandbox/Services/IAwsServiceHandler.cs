using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Services
{
    /// <summary>
    /// One AWS service the sandbox speaks over the Query protocol (ELBv2, EC2; SSM speaks JSON: <see cref="IJsonServiceHandler"/>): it answers the Query protocol actions of its API
    /// version against the world's state and renders errors in the service's own XML format.
    /// </summary>
    internal interface IAwsServiceHandler
    {
        /// <summary>The service name in SigV4 credential scopes: <c>elasticloadbalancing</c>, <c>ec2</c>.</summary>
        string SigningName { get; }

        /// <summary>The <c>Version</c> parameter of its requests: <c>2015-12-01</c>, <c>2016-11-15</c>.</summary>
        string ApiVersion { get; }

        /// <summary>The actions it answers.</summary>
        IReadOnlyCollection<string> Actions { get; }

        /// <summary>Runs the request's action; failures come back as <see cref="AwsErrorException"/>.</summary>
        QueryResponse Handle(QueryRequest request, SandboxWorld world);

        /// <summary>The error response the real service sends for this error.</summary>
        QueryResponse RenderError(AwsErrorException error, string requestId);
    }
}
