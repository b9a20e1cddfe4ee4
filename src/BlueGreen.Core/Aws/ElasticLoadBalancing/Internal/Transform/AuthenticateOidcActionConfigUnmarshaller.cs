using System.Collections.Generic;
using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads an AuthenticateOidcActionConfig element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class AuthenticateOidcActionConfigUnmarshaller : IXmlUnmarshaller<AuthenticateOidcActionConfig, XmlUnmarshallerContext>
    {
        internal static readonly AuthenticateOidcActionConfigUnmarshaller Instance = new AuthenticateOidcActionConfigUnmarshaller();

        private static readonly XmlKeyValueUnmarshaller<string, string, StringUnmarshaller, StringUnmarshaller> ExtraParameterUnmarshaller =
            new XmlKeyValueUnmarshaller<string, string, StringUnmarshaller, StringUnmarshaller>(StringUnmarshaller.Instance, StringUnmarshaller.Instance, "key", "value");

        public AuthenticateOidcActionConfig Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new AuthenticateOidcActionConfig();
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

                if (context.TestExpression("Issuer", targetDepth))
                {
                    result.Issuer = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("AuthorizationEndpoint", targetDepth))
                {
                    result.AuthorizationEndpoint = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("TokenEndpoint", targetDepth))
                {
                    result.TokenEndpoint = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("UserInfoEndpoint", targetDepth))
                {
                    result.UserInfoEndpoint = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("ClientId", targetDepth))
                {
                    result.ClientId = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("ClientSecret", targetDepth))
                {
                    result.ClientSecret = StringUnmarshaller.Instance.Unmarshall(context);
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
                else if (context.TestExpression("UseExistingClientSecret", targetDepth))
                {
                    result.UseExistingClientSecret = NullableBoolUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
