using System;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using BlueGreen.Aws.Protocol;

namespace BlueGreen.Aws.Query
{
    /// <summary>
    /// A client of an AWS Query protocol service over the AWS SDK's own machinery (AWSSDK.Core's
    /// <see cref="AmazonServiceClient"/>): the SDK's credential chain (or the credentials given), SigV4 signing,
    /// standard/adaptive retries (Throttling and 5xx are retried), endpoint resolution including
    /// AWS_ENDPOINT_URL_{SERVICE_ID} / AWS_ENDPOINT_URL. What goes on the wire comes from the service model
    /// (<see cref="QueryForm"/>, <see cref="QueryXml"/>), not from hand-written marshallers: a subclass's operation is
    /// one <see cref="InvokeAsync(string, JsonObject?, CancellationToken)"/> call.
    /// </summary>
    public abstract class QueryServiceClient : AmazonServiceClient
    {
        private QueryRequestMarshaller? _marshaller;
        private IServiceMetadata? _metadata;

        protected QueryServiceClient(AWSCredentials credentials, QueryServiceConfig config)
            : base(credentials, config)
        {
        }

        protected QueryServiceClient(QueryServiceConfig config)
            : base(config)
        {
        }

        /// <summary>The service model (a static one: the SDK's base constructor already reads the metadata).</summary>
        protected abstract ServiceModel Model { get; }

        protected override IServiceMetadata ServiceMetadata => _metadata ??= new QueryServiceMetadata(Model.ServiceId);

        /// <summary>Calls <paramref name="operation"/> with its input tree (validated against the model) and returns its output tree.</summary>
        protected async Task<JsonObject> InvokeAsync(string operation, JsonObject? input, CancellationToken cancellationToken)
        {
            var options = new InvokeOptions
            {
                RequestMarshaller = _marshaller ??= new QueryRequestMarshaller(Model),
                ResponseUnmarshaller = new QueryResponseUnmarshaller(Model, operation, ExceptionOf),
            };
            QueryOperationResponse response = await InvokeAsync<QueryOperationResponse>(new QueryOperationRequest(operation, input), options, cancellationToken).ConfigureAwait(false);
            return response.Output;
        }

        /// <summary>The exception of an error answer; a subclass maps the codes it has types for.</summary>
        protected virtual AmazonServiceException ExceptionOf(ErrorResponse error, Exception? innerException, HttpStatusCode statusCode) =>
            new AmazonServiceException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode);

        /// <summary>
        /// Adds the endpoint resolver and auth scheme handler right after the marshaller, in place of the SDK's generic
        /// endpoint resolver (the SDK's generated clients do exactly this).
        /// </summary>
        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            pipeline.RemoveHandler<EndpointResolver>();
            pipeline.AddHandlerAfter<Marshaller>(new QueryEndpointResolver());
            pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthSchemeHandler());
        }
    }
}
