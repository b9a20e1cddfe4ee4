using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a Matcher element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class MatcherUnmarshaller : IXmlUnmarshaller<Matcher, XmlUnmarshallerContext>
    {
        internal static readonly MatcherUnmarshaller Instance = new MatcherUnmarshaller();

        public Matcher Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new Matcher();
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

                if (context.TestExpression("HttpCode", targetDepth))
                {
                    result.HttpCode = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("GrpcCode", targetDepth))
                {
                    result.GrpcCode = StringUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
