using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace BlueGreen.Aws.Query
{
    /// <summary>
    /// Chooses the auth scheme of every operation of a Query service: SigV4 (the service model's only one).
    /// The SDK's base handler then resolves the identity from the client's credentials (explicit, or the default chain).
    /// </summary>
    internal sealed class SigV4AuthSchemeHandler : BaseAuthResolverHandler
    {
        protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) => AuthSchemeOption.DEFAULT_SIGV4;
    }
}
