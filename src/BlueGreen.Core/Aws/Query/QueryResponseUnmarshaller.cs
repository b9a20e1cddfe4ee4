using System.Net;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.Protocol;

namespace BlueGreen.Aws.Query
{
    /// <summary>
    /// The one response unmarshaller of every Query operation: <see cref="QueryXml"/> reads the {Op}Result element
    /// against the output shape. An <c>&lt;ErrorResponse&gt;</c> becomes the exception the client makes of its code, so
    /// the SDK's retry policy (Throttling, 5xx) and callers see the real AWS code.
    /// </summary>
    internal sealed class QueryResponseUnmarshaller(ServiceModel model, string operation, Func<ErrorResponse, Exception?, HttpStatusCode, AmazonServiceException> exceptionOf) : XmlResponseUnmarshaller
    {
        private readonly ServiceModel _model = model;
        private readonly string _operation = operation;
        private readonly Func<ErrorResponse, Exception?, HttpStatusCode, AmazonServiceException> _exceptionOf = exceptionOf;

        public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext context)
        {
            XElement root = XElement.Load(context.Stream);
            string? requestId = root.Elements().FirstOrDefault(e => e.Name.LocalName == "ResponseMetadata")
                ?.Elements().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
            return new QueryOperationResponse
            {
                Output = QueryXml.ReadResponse(_model, _operation, root),
                ResponseMetadata = new ResponseMetadata { RequestId = requestId },
            };
        }

        public override AmazonServiceException UnmarshallException(XmlUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode) =>
            _exceptionOf(XmlErrorResponseUnmarshaller.GetInstance().Unmarshall(context), innerException, statusCode);
    }
}
