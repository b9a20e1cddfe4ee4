using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads an Action element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class ActionUnmarshaller : IXmlUnmarshaller<Action, XmlUnmarshallerContext>
    {
        internal static readonly ActionUnmarshaller Instance = new ActionUnmarshaller();

        public Action Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new Action();
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

                if (context.TestExpression("Type", targetDepth))
                {
                    result.Type = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("TargetGroupArn", targetDepth))
                {
                    result.TargetGroupArn = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("AuthenticateOidcConfig", targetDepth))
                {
                    result.AuthenticateOidcConfig = AuthenticateOidcActionConfigUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("AuthenticateCognitoConfig", targetDepth))
                {
                    result.AuthenticateCognitoConfig = AuthenticateCognitoActionConfigUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Order", targetDepth))
                {
                    result.Order = NullableIntUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("RedirectConfig", targetDepth))
                {
                    result.RedirectConfig = RedirectActionConfigUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("FixedResponseConfig", targetDepth))
                {
                    result.FixedResponseConfig = FixedResponseActionConfigUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("ForwardConfig", targetDepth))
                {
                    result.ForwardConfig = ForwardActionConfigUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
