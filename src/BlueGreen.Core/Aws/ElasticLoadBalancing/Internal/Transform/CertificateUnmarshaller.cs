using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a Certificate element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class CertificateUnmarshaller : IXmlUnmarshaller<Certificate, XmlUnmarshallerContext>
    {
        internal static readonly CertificateUnmarshaller Instance = new CertificateUnmarshaller();

        public Certificate Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new Certificate();
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

                if (context.TestExpression("CertificateArn", targetDepth))
                {
                    result.CertificateArn = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("IsDefault", targetDepth))
                {
                    result.IsDefault = NullableBoolUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
