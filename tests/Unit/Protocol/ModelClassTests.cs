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
    /// member of the class's shape; and BlueGreen.Aws.ModelGenerator, which writes the classes from the model, must
    /// leave no member out and write each enum shape as constants holding exactly its values.
    /// </summary>
    public sealed class ModelClassTests
    {
        [Theory]
        [InlineData("BlueGreen.Aws.ElasticLoadBalancing.Model", "elbv2")]
        [InlineData("BlueGreen.Aws.CloudWatch.Model", "cloudwatch")]
        public void Every_property_of_a_model_class_is_a_member_of_its_shape_and_back(string ns, string model)
        {
            ServiceModel service = ServiceModel.Load(model);
            Type[] classes = ModelTypes(ns).Where(t => !t.IsAbstract && t.GetProperties().Length > 0).ToArray();
            Assert.Contains(classes, t => t.Name == (model == "elbv2" ? "CreateRuleRequest" : "MetricAlarm"));
            foreach (Type type in classes)
            {
                Shape shape = service.GetShape(type.Name.EndsWith("Request", StringComparison.Ordinal) ? type.Name[..^"Request".Length] + "Input" : type.Name);
                foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    Assert.True(shape.FindMember(property.Name) != null, $"{type.Name}.{property.Name} is not a member of the {model} shape {shape.Name}.");
                }

                foreach (ShapeMember member in shape.Members)
                {
                    Assert.True(type.GetProperty(member.Name) != null, $"{type.Name} has no property for the member {member.Name} of {shape.Name}.");
                }
            }

            Assert.Equal("CloudWatch", CloudWatchConfig.ServiceModel.ServiceId);
        }

        [Theory]
        [InlineData("BlueGreen.Aws.ElasticLoadBalancing.Model", "elbv2", "TargetHealthStateEnum")]
        [InlineData("BlueGreen.Aws.CloudWatch.Model", "cloudwatch", "StateValue")]
        public void Each_enum_shape_is_a_class_of_its_values(string ns, string model, string example)
        {
            ServiceModel service = ServiceModel.Load(model);
            Type[] enums = ModelTypes(ns).Where(t => t.IsAbstract && t.IsSealed && service.GetShape(t.Name).Limits.Enum != null).ToArray();
            Assert.Contains(enums, t => t.Name == example);
            foreach (Type type in enums)
            {
                Assert.Equal(
                    service.GetShape(type.Name).Limits.Enum!,
                    type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!));
            }

            Assert.Equal("fixed-response", BlueGreen.Aws.ElasticLoadBalancing.Model.ActionTypeEnum.FixedResponse);
            Assert.Equal("HTTP_301", BlueGreen.Aws.ElasticLoadBalancing.Model.RedirectActionStatusCodeEnum.Http301);
            Assert.Equal("INSUFFICIENT_DATA", BlueGreen.Aws.CloudWatch.Model.StateValue.InsufficientData);
            Assert.Equal("Bytes/Second", BlueGreen.Aws.CloudWatch.Model.StandardUnit.BytesSecond);
        }

        private static Type[] ModelTypes(string ns) =>
            typeof(IElasticLoadBalancingV2).Assembly.GetTypes().Where(t => t.Namespace == ns && t.IsClass && t.IsPublic).ToArray();
    }
}
