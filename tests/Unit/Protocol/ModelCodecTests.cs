using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using BlueGreen.Aws.Protocol;
using Xunit;

namespace BlueGreen.Tests.Unit.Protocol
{
    /// <summary>The model-driven codec on its own: both directions of the Query form and XML, and the model's checks.</summary>
    public sealed class ModelCodecTests
    {
        private static readonly ServiceModel Elbv2 = ServiceModel.Load("elbv2");

        [Fact]
        public void A_form_reads_back_into_the_input_it_was_written_from()
        {
            var input = new JsonObject
            {
                ["ListenerArn"] = "arn:listener",
                ["DefaultActions"] = new JsonArray(new JsonObject
                {
                    ["Type"] = "authenticate-oidc",
                    ["Order"] = 1,
                    ["AuthenticateOidcConfig"] = new JsonObject
                    {
                        ["Issuer"] = "https://issuer", ["AuthorizationEndpoint"] = "https://a", ["TokenEndpoint"] = "https://t",
                        ["UserInfoEndpoint"] = "https://u", ["ClientId"] = "client", ["SessionTimeout"] = 3600L,
                        ["AuthenticationRequestExtraParams"] = new JsonObject { ["prompt"] = "login", ["display"] = "page" },
                    },
                }),
            };

            IReadOnlyList<KeyValuePair<string, string>> form = QueryForm.Write(Elbv2, "ModifyListener", input);
            JsonObject read = QueryForm.Read(Elbv2, "ModifyListener", form.ToDictionary(p => p.Key, p => p.Value));

            Assert.Contains(new KeyValuePair<string, string>("DefaultActions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.2.key", "display"), form);
            Assert.True(JsonNode.DeepEquals(input, read), read.ToJsonString());
        }

        [Fact]
        public void The_model_checks_enums_ranges_and_required_members_in_AWS_wording()
        {
            var form = new Dictionary<string, string>
            {
                ["ListenerArn"] = "arn:listener",
                ["DefaultActions.member.1.Type"] = "redirect",
                ["DefaultActions.member.1.Order"] = "0",
                ["DefaultActions.member.1.RedirectConfig.StatusCode"] = "HTTP_307",
            };

            ShapeValidationException invalid = Assert.Throws<ShapeValidationException>(() => QueryForm.Read(Elbv2, "ModifyListener", form));

            Assert.Equal(
                "2 validation errors detected: Value '0' at 'defaultActions.1.member.order' failed to satisfy constraint: Member must have value greater than or equal to 1; "
                + "Value 'HTTP_307' at 'defaultActions.1.member.redirectConfig.statusCode' failed to satisfy constraint: Member must satisfy enum value set: [HTTP_301, HTTP_302]",
                invalid.Message);
            ShapeValidationException missing = Assert.Throws<ShapeValidationException>(() => QueryForm.Write(Elbv2, "RegisterTargets", new JsonObject { ["TargetGroupArn"] = "arn:tg" }));
            Assert.Equal("1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null", missing.Message);
        }

        [Fact]
        public void A_value_of_the_wrong_type_and_an_empty_list_are_read_as_AWS_reads_them()
        {
            ShapeValidationException notNumber = Assert.Throws<ShapeValidationException>(() =>
                QueryForm.Read(Elbv2, "DescribeTargetGroups", new Dictionary<string, string> { ["PageSize"] = "many" }));
            Assert.Contains("Value 'many' at 'pageSize' failed to satisfy constraint: Member must be an integer", notNumber.Message);

            JsonObject empty = QueryForm.Read(Elbv2, "DescribeTargetGroups", new Dictionary<string, string> { ["Names"] = string.Empty });
            Assert.Empty(empty["Names"]!.AsArray());
        }

        [Fact]
        public void An_answer_reads_back_into_the_output_it_was_written_from()
        {
            var output = new JsonObject
            {
                ["TagDescriptions"] = new JsonArray(
                    new JsonObject { ["ResourceArn"] = "arn:a", ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "k", ["Value"] = string.Empty }) },
                    new JsonObject { ["ResourceArn"] = "arn:b", ["Tags"] = new JsonArray() }),
            };

            string xml = QueryXml.WriteResponse(Elbv2, "DescribeTags", output, "request-1");
            JsonObject read = QueryXml.ReadResponse(Elbv2, "DescribeTags", XElement.Parse(xml));

            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><DescribeTagsResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><DescribeTagsResult>", xml);
            Assert.EndsWith("</DescribeTagsResult><ResponseMetadata><RequestId>request-1</RequestId></ResponseMetadata></DescribeTagsResponse>", xml);
            Assert.True(JsonNode.DeepEquals(output, read), read.ToJsonString());
        }

        [Fact]
        public void Timestamps_are_ISO_8601_in_XML_and_epoch_seconds_in_AWS_JSON()
        {
            ServiceModel cloudWatch = ServiceModel.Load("cloudwatch");
            var output = new JsonObject
            {
                ["MetricDataResults"] = new JsonArray(new JsonObject
                {
                    ["Id"] = "m", ["Timestamps"] = new JsonArray("2026-12-07T10:00:00Z"), ["Values"] = new JsonArray(1.5), ["StatusCode"] = "Complete",
                }),
            };

            string xml = QueryXml.WriteResponse(cloudWatch, "GetMetricData", output, "r");
            string json = AwsJson.WriteResponse(cloudWatch, "GetMetricData", output);
            JsonObject input = AwsJson.ReadRequest(cloudWatch, "GetMetricData",
                "{\"MetricDataQueries\":[{\"Id\":\"m\",\"Expression\":\"SUM(METRICS())\"}],\"StartTime\":1796637600,\"EndTime\":1796641200.5}");

            Assert.Contains("<Timestamps><member>2026-12-07T10:00:00.000Z</member></Timestamps><Values><member>1.5</member></Values>", xml);
            Assert.Contains("\"Timestamps\":[1796637600]", json);
            Assert.Equal("2026-12-07T10:00:00.000Z", (string?)input["StartTime"]);
            Assert.Equal("2026-12-07T11:00:00.500Z", (string?)input["EndTime"]);

            // On a Query form as botocore writes them: seconds, and microseconds only when there are some.
            var form = QueryForm.Write(cloudWatch, "GetMetricData", input).ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal("2026-12-07T10:00:00Z", form["StartTime"]);
            Assert.Equal("2026-12-07T11:00:00.500000Z", form["EndTime"]);
        }
    }
}
