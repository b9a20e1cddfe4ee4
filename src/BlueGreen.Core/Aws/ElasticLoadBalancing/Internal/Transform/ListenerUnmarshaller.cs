using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a Listener element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class ListenerUnmarshaller : IXmlUnmarshaller<Listener, XmlUnmarshallerContext>
    {
        internal static readonly ListenerUnmarshaller Instance = new ListenerUnmarshaller();

        public Listener Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new Listener();
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

                if (context.TestExpression("ListenerArn", targetDepth))
                {
                    result.ListenerArn = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("LoadBalancerArn", targetDepth))
                {
                    result.LoadBalancerArn = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Port", targetDepth))
                {
                    result.Port = NullableIntUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Protocol", targetDepth))
                {
                    result.Protocol = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Certificates/member", targetDepth))
                {
                    result.Certificates.Add(CertificateUnmarshaller.Instance.Unmarshall(context));
                }
                else if (context.TestExpression("SslPolicy", targetDepth))
                {
                    result.SslPolicy = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("DefaultActions/member", targetDepth))
                {
                    result.DefaultActions.Add(ActionUnmarshaller.Instance.Unmarshall(context));
                }
                else if (context.TestExpression("AlpnPolicy/member", targetDepth))
                {
                    result.AlpnPolicy.Add(StringUnmarshaller.Instance.Unmarshall(context));
                }
            }

            return result;
        }
    }
}
