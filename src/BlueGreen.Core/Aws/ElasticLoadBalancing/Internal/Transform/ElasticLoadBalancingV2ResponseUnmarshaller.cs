using System;
using System.Net;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>
    /// Reads a Query protocol answer: <c>&lt;{Op}Response&gt;&lt;{Op}Result&gt;…&lt;/{Op}Result&gt;&lt;ResponseMetadata/&gt;&lt;/{Op}Response&gt;</c>
    /// on success, <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>
    /// on failure, which becomes an <see cref="ElasticLoadBalancingV2Exception"/> (or its not-found subclass) carrying the
    /// AWS error code, so the SDK's retry policy (Throttling, 5xx) and callers see the real code.
    /// </summary>
    internal abstract class ElasticLoadBalancingV2ResponseUnmarshaller<TResponse> : XmlResponseUnmarshaller
        where TResponse : AmazonWebServiceResponse, new()
    {
        private readonly string _resultElement;

        protected ElasticLoadBalancingV2ResponseUnmarshaller(string operation)
        {
            _resultElement = operation + "Result";
        }

        public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext context)
        {
            var response = new TResponse();
            context.Read();
            int targetDepth = context.CurrentDepth;
            while (context.ReadAtDepth(targetDepth))
            {
                if (!context.IsStartElement)
                {
                    continue;
                }

                if (context.TestExpression(_resultElement, 2))
                {
                    UnmarshallResult(context, response);
                }
                else if (context.TestExpression("ResponseMetadata", 2))
                {
                    response.ResponseMetadata = ResponseMetadataUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return response;
        }

        public override AmazonServiceException UnmarshallException(XmlUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode)
        {
            ErrorResponse error = XmlErrorResponseUnmarshaller.GetInstance().Unmarshall(context);
            return error.Code switch
            {
                LoadBalancerNotFoundException.Code => new LoadBalancerNotFoundException(error.Message, innerException, error.Type, error.RequestId, statusCode),
                TargetGroupNotFoundException.Code => new TargetGroupNotFoundException(error.Message, innerException, error.Type, error.RequestId, statusCode),
                ListenerNotFoundException.Code => new ListenerNotFoundException(error.Message, innerException, error.Type, error.RequestId, statusCode),
                RuleNotFoundException.Code => new RuleNotFoundException(error.Message, innerException, error.Type, error.RequestId, statusCode),
                _ => new ElasticLoadBalancingV2Exception(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode),
            };
        }

        /// <summary>Reads one member of the {Op}Result element; <paramref name="depth"/> is the depth of its children.</summary>
        protected abstract void UnmarshallResultMember(XmlUnmarshallerContext context, int depth, TResponse response);

        private void UnmarshallResult(XmlUnmarshallerContext context, TResponse response)
        {
            int originalDepth = context.CurrentDepth;
            int targetDepth = originalDepth + 1;
            if (context.IsStartOfDocument)
            {
                targetDepth += 2;
            }

            while (context.ReadAtDepth(originalDepth))
            {
                if (context.IsStartElement || context.IsAttribute)
                {
                    UnmarshallResultMember(context, targetDepth, response);
                }
            }
        }
    }
}
