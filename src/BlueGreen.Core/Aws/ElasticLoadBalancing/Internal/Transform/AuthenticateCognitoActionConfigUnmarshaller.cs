using System.Collections.Generic;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads an AuthenticateCognitoActionConfig element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class AuthenticateCognitoActionConfigUnmarshaller : IXmlUnmarshaller<AuthenticateCognitoActionConfig, XmlUnmarshallerContext>
    {
        internal static readonly AuthenticateCognitoActionConfigUnmarshaller Instance = new AuthenticateCognitoActionConfigUnmarshaller();

        private static readonly XmlKeyValueUnmarshaller<string, string, StringUnmarshaller, StringUnmarshaller> ExtraParameterUnmarshaller =
            new XmlKeyValueUnmarshaller<string, string, StringUnmarshaller, StringUnmarshaller>(StringUnmarshaller.Instance, StringUnmarshaller.Instance, "key", "value");

        public AuthenticateCognitoActionConfig Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new AuthenticateCognitoActionConfig();
            int originalDepth = context.CurrentDepth;
            int targetDepth = originalDepth + 1;
            if (context.IsStartOfDocument)
            {
                targetDepth += 2;
            }

            while (context.ReadAtDepth(originalDepth))
            {
                if (!context.IsStartElement && !context.IsAttribute)
                {
                    continue;
                }

                if (context.TestExpression("UserPoolArn", targetDepth))
                {
                    result.UserPoolArn = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("UserPoolClientId", targetDepth))
                {
                    result.UserPoolClientId = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("UserPoolDomain", targetDepth))
                {
                    result.UserPoolDomain = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("SessionCookieName", targetDepth))
                {
                    result.SessionCookieName = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Scope", targetDepth))
                {
                    result.Scope = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("SessionTimeout", targetDepth))
                {
                    result.SessionTimeout = NullableLongUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("AuthenticationRequestExtraParams/entry", targetDepth))
                {
                    KeyValuePair<string, string> entry = ExtraParameterUnmarshaller.Unmarshall(context);
                    result.AuthenticationRequestExtraParams[entry.Key] = entry.Value;
                }
                else if (context.TestExpression("OnUnauthenticatedRequest", targetDepth))
                {
                    result.OnUnauthenticatedRequest = StringUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
