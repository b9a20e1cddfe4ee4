using System.Text.Json;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Services
{
    /// <summary>
    /// One AWS service the sandbox speaks over an AWS JSON protocol (SSM: 1.1; CloudWatch: 1.0): it answers the operations of its
    /// <c>X-Amz-Target</c> prefix against the world's state. Errors are rendered by the protocol, the same for every such service.
    /// </summary>
    internal interface IJsonServiceHandler
    {
        /// <summary>The service name in SigV4 credential scopes: <c>ssm</c>.</summary>
        string SigningName { get; }

        /// <summary>The part of <c>X-Amz-Target</c> before the operation: <c>AmazonSSM</c>.</summary>
        string TargetPrefix { get; }

        /// <summary>The content type of its answers: <c>application/x-amz-json-1.1</c> (SSM), <c>application/x-amz-json-1.0</c> (CloudWatch).</summary>
        string ContentType { get; }

        /// <summary>The operations it answers.</summary>
        IReadOnlyCollection<string> Operations { get; }

        /// <summary>Runs the operation and returns the JSON response body; failures come back as <see cref="AwsErrorException"/>.</summary>
        string Handle(JsonRequest request, SandboxWorld world);

        /// <summary>Whether a top-level request member holds a secret the request log must not keep (a SecureString's Value).</summary>
        bool IsSecret(JsonElement body, string member);
    }
}
