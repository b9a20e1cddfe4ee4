using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a Tag element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class TagUnmarshaller : IXmlUnmarshaller<Tag, XmlUnmarshallerContext>
    {
        internal static readonly TagUnmarshaller Instance = new TagUnmarshaller();

        public Tag Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new Tag();
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

                if (context.TestExpression("Key", targetDepth))
                {
                    result.Key = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Value", targetDepth))
                {
                    result.Value = StringUnmarshaller.Instance.Unmarshall(context);
                }
            }

            return result;
        }
    }
}
