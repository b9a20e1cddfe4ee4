using System.IO;
using System.Net;
using System.Text.Json.Nodes;
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

        /// <summary>
        /// Every page of an operation: each answer's <paramref name="nextToken"/> member goes back as the request's
        /// <paramref name="token"/> member (Marker/NextMarker, NextToken/NextToken) until an answer has none.
        /// </summary>
        protected async Task<List<JsonObject>> PagesAsync(string operation, JsonObject input, string token, string nextToken, CancellationToken cancellationToken)
        {
            var pages = new List<JsonObject>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                JsonObject page = await InvokeAsync(operation, input, cancellationToken).ConfigureAwait(false);
                pages.Add(page);
                string? next = (string?)page[nextToken];
                if (string.IsNullOrEmpty(next))
                {
                    return pages;
                }

                if (!seen.Add(next!))
                {
                    throw new InvalidDataException($"{Model.ServiceId} returned the page token '{next}' twice ({operation}); stopping instead of paging forever.");
                }

                input[token] = next;
            }
        }

        /// <summary>The exception of an error answer; a subclass maps the codes it has types for.</summary>
        protected virtual AmazonServiceException ExceptionOf(ErrorResponse error, Exception? innerException, HttpStatusCode statusCode) =>
            new AmazonServiceException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode);

        /// <summary>
        /// Adds the endpoint resolver and auth scheme handler right after the marshaller, in place of the SDK's generic
        /// endpoint resolver (the SDK's generated clients do exactly this), and the configuration's bound of calls in
        /// flight outside the retry handler. The SDK's base constructor calls this, after it has set Config.
        /// </summary>
        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            pipeline.RemoveHandler<EndpointResolver>();
            pipeline.AddHandlerAfter<Marshaller>(new QueryEndpointResolver());
            pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthSchemeHandler());
            AwsRequestSlotHandler.AddTo(pipeline, ((QueryServiceConfig)Config).RequestLimiter);
        }
    }
}
