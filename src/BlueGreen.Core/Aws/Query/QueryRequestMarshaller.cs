using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Util;
using BlueGreen.Aws.Protocol;

namespace BlueGreen.Aws.Query
{
    /// <summary>
    /// The one request marshaller of every Query operation: <see cref="QueryForm"/> writes the form from the model
    /// (validating the input), and it becomes the POST body to "/", as the SDK's generated Query marshallers send it.
    /// </summary>
    internal sealed class QueryRequestMarshaller(ServiceModel model) : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        private readonly ServiceModel _model = model;

        public IRequest Marshall(AmazonWebServiceRequest input)
        {
            var call = (QueryOperationRequest)input;
            IRequest request = new DefaultRequest(call, _model.ServiceId)
            {
                HttpMethod = "POST",
                ResourcePath = "/",
            };
            foreach (KeyValuePair<string, string> parameter in QueryForm.Write(_model, call.Operation, call.Input))
            {
                request.Parameters.Add(parameter.Key, parameter.Value);
            }

            request.ContentStream = AWSSDKUtils.WriteParametersToPooledStream(request);
            return request;
        }
    }
}
