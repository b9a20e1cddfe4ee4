using Amazon.Runtime.Internal.Transform;
using BlueGreen.Aws.ElasticLoadBalancing.Model;

namespace BlueGreen.Aws.ElasticLoadBalancing.Internal.Transform
{
    /// <summary>Reads a TagDescription element of a Query protocol answer (members as named in the ELBv2 service model).</summary>
    internal sealed class TagDescriptionUnmarshaller : IXmlUnmarshaller<TagDescription, XmlUnmarshallerContext>
    {
        internal static readonly TagDescriptionUnmarshaller Instance = new TagDescriptionUnmarshaller();

        public TagDescription Unmarshall(XmlUnmarshallerContext context)
        {
            var result = new TagDescription();
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

                if (context.TestExpression("ResourceArn", targetDepth))
                {
                    result.ResourceArn = StringUnmarshaller.Instance.Unmarshall(context);
                }
                else if (context.TestExpression("Tags/member", targetDepth))
                {
                    result.Tags.Add(TagUnmarshaller.Instance.Unmarshall(context));
                }
            }

            return result;
        }
    }
}
