using System;
using System.Linq;
using System.Reflection;
using BlueGreen.Aws.CloudWatch;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Aws.Protocol;
using Xunit;

namespace BlueGreen.Tests.Unit.Protocol
{
    /// <summary>
    /// The client's model classes bind to the model's shapes by member name (ShapeBinding): a property the shape does not
    /// have would silently never be sent or read, so every property (those of hand-written partials too) must name a
    /// member of the class's shape. The classes are generated from the model (BlueGreen.Aws.ModelGenerator).
    /// </summary>
    public sealed class ModelClassTests
    {
        [Theory]
        [InlineData("BlueGreen.Aws.ElasticLoadBalancing.Model", "elbv2")]
        [InlineData("BlueGreen.Aws.CloudWatch.Model", "cloudwatch")]
        public void Every_property_of_a_model_class_is_a_member_of_its_shape(string ns, string model)
        {
            ServiceModel service = ServiceModel.Load(model);
            Type[] classes = typeof(IElasticLoadBalancingV2).Assembly.GetTypes()
                .Where(t => t.Namespace == ns && t.IsClass && !t.IsAbstract && t.GetProperties().Length > 0)
                .ToArray();
            Assert.NotEmpty(classes);
            foreach (Type type in classes)
            {
                Shape shape = service.GetShape(type.Name.EndsWith("Request", StringComparison.Ordinal) ? type.Name[..^"Request".Length] + "Input" : type.Name);
                foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    Assert.True(shape.FindMember(property.Name) != null, $"{type.Name}.{property.Name} is not a member of the {model} shape {shape.Name}.");
                }
            }

            Assert.Equal("CloudWatch", CloudWatchConfig.ServiceModel.ServiceId);
        }
    }
}
