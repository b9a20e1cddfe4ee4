using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Sandbox.Diagnostics;
using BlueGreen.Sandbox.Faults;
using BlueGreen.Sandbox.Protocol;
using BlueGreen.Sandbox.Services;
using BlueGreen.Sandbox.Services.Ssm;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox
{
    /// <summary>SSM Parameter Store over AWS JSON 1.1 through the JSON dispatcher: bodies, error shapes, statuses, paging, faults, the log.</summary>
    public class SsmJsonProtocolTests
    {
        private const string Auth = "AWS4-HMAC-SHA256 Credential=test/20300101/us-east-1/ssm/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc";
        private readonly SandboxWorldFixture _fixture = new SandboxWorldFixture();
        private readonly FaultInjector _faults = new FaultInjector();
        private readonly RequestLog _log = new RequestLog();

        [Fact]
        public async Task PutParameterAnswersVersionAndTierAsJson11()
        {
            QueryResponse response = await Ssm("PutParameter", new { Name = "/app/db", Value = "v", Type = "String" });

            Assert.Equal(200, response.HttpStatus);
            Assert.Equal("application/x-amz-json-1.1", response.ContentType);
            Assert.Equal("{\"Version\":1,\"Tier\":\"Standard\"}", response.Body);
            Assert.Equal("{\"Version\":2,\"Tier\":\"Standard\"}", (await Ssm("PutParameter", new { Name = "/app/db", Value = "w", Overwrite = true })).Body);
        }

        [Fact]
        public async Task ErrorsAreJsonWithTypeAndMessageAndTheirStatus()
        {
            await Ssm("PutParameter", new { Name = "/app/db", Value = "v", Type = "String" });

            QueryResponse response = await Ssm("PutParameter", new { Name = "/app/db", Value = "v", Type = "String" });

            Assert.Equal(400, response.HttpStatus);
            Assert.Equal("application/x-amz-json-1.1", response.ContentType);
            Assert.Equal("ParameterAlreadyExists", response.ErrorCode);
            using JsonDocument body = JsonDocument.Parse(response.Body);
            Assert.Equal("ParameterAlreadyExists", body.RootElement.GetProperty("__type").GetString());
            Assert.Equal("The parameter already exists. To overwrite this value, set the overwrite option in the request to true.", body.RootElement.GetProperty("message").GetString());
        }

        [Fact]
        public async Task GetParameterCarriesEveryMemberWithEpochSecondsAndTheArn()
        {
            _fixture.Now = DateTimeOffset.FromUnixTimeMilliseconds(1_893_499_200_250);
            await Ssm("PutParameter", new { Name = "/app/db", Value = "v1", Type = "String" });
            await Ssm("PutParameter", new { Name = "/app/db", Value = "v2", Overwrite = true });

            JsonElement parameter = Json(await Ssm("GetParameter", new { Name = "/app/db", WithDecryption = true })).GetProperty("Parameter");
            JsonElement first = Json(await Ssm("GetParameter", new { Name = "/app/db:1" })).GetProperty("Parameter");

            Assert.Equal("/app/db", parameter.GetProperty("Name").GetString());
            Assert.Equal("String", parameter.GetProperty("Type").GetString());
            Assert.Equal("v2", parameter.GetProperty("Value").GetString());
            Assert.Equal(2, parameter.GetProperty("Version").GetInt64());
            Assert.Equal(JsonValueKind.Number, parameter.GetProperty("LastModifiedDate").ValueKind);
            Assert.Equal(1_893_499_200.25m, parameter.GetProperty("LastModifiedDate").GetDecimal());
            Assert.Equal("arn:aws:ssm:us-east-1:123456789012:parameter/app/db", parameter.GetProperty("ARN").GetString());
            Assert.Equal("text", parameter.GetProperty("DataType").GetString());
            Assert.False(parameter.TryGetProperty("Selector", out _));
            Assert.Equal("v1", first.GetProperty("Value").GetString());
            Assert.Equal(":1", first.GetProperty("Selector").GetString());
            Assert.Equal("ParameterNotFound", (await Ssm("GetParameter", new { Name = "/app/none" })).ErrorCode);
            Assert.Equal("ParameterVersionNotFound", (await Ssm("GetParameter", new { Name = "/app/db:9" })).ErrorCode);
            Assert.Equal("ValidationException", (await Ssm("GetParameter", new { Name = "bad name" })).ErrorCode);
            Assert.Equal("ValidationException", (await Ssm("GetParameter", new { })).ErrorCode);
        }

        [Fact]
        public async Task SecureStringsReadAsCiphertextUnlessDecrypted()
        {
            await Ssm("PutParameter", new { Name = "/app/key", Value = "s3cr3t", Type = "SecureString" });

            string encrypted = Json(await Ssm("GetParameter", new { Name = "/app/key" })).GetProperty("Parameter").GetProperty("Value").GetString()!;
            string decrypted = Json(await Ssm("GetParameter", new { Name = "/app/key", WithDecryption = true })).GetProperty("Parameter").GetProperty("Value").GetString()!;

            Assert.Equal("s3cr3t", decrypted);
            Assert.NotEqual("s3cr3t", encrypted);
            Assert.DoesNotContain("s3cr3t", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(encrypted)));
            Assert.Equal("***", _log.Requests[0].Parameters["Value"]);
            Assert.Equal("/app/key", _log.Requests[0].Parameters["Name"]);
        }

        [Fact]
        public async Task GetParametersSplitsFoundAndInvalidNamesAndTakesAtMostTen()
        {
            await Ssm("PutParameter", new { Name = "/a", Value = "1", Type = "String" });
            await Ssm("PutParameter", new { Name = "/b", Value = "2", Type = "StringList" });

            JsonElement result = Json(await Ssm("GetParameters", new { Names = new[] { "/b", "/missing", "/a", "bad name", "/b" } }));
            QueryResponse eleven = await Ssm("GetParameters", new { Names = Enumerable.Range(1, 11).Select(i => "/p" + i).ToArray() });
            QueryResponse none = await Ssm("GetParameters", new { Names = Array.Empty<string>() });

            Assert.Equal(new[] { "/b", "/a" }, result.GetProperty("Parameters").EnumerateArray().Select(p => p.GetProperty("Name").GetString()));
            Assert.Equal(new[] { "/missing", "bad name" }, result.GetProperty("InvalidParameters").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal("ValidationException", eleven.ErrorCode);
            Assert.Contains("Member must have length less than or equal to 10", Json(eleven).GetProperty("message").GetString());
            Assert.Equal("ValidationException", none.ErrorCode);
            Assert.Equal("ValidationException", (await Ssm("GetParameters", new { })).ErrorCode);
            Assert.Equal(200, (await Ssm("GetParameters", new { Names = Enumerable.Range(1, 10).Select(i => "/p" + i).ToArray() })).HttpStatus);
        }

        [Fact]
        public async Task GetParametersByPathPagesThroughThreePagesWithNextToken()
        {
            for (int i = 0; i < 23; i++)
            {
                await Ssm("PutParameter", new { Name = $"/paged/p{i:00}", Value = "v" + i, Type = "String" });
            }

            await Ssm("PutParameter", new { Name = "/paged/deeper/x", Value = "x", Type = "String" });
            var names = new List<string>();
            var pageSizes = new List<int>();
            string? token = null;
            do
            {
                JsonElement page = Json(await Ssm("GetParametersByPath", token == null ? (object)new { Path = "/paged" } : new { Path = "/paged", NextToken = token }));
                pageSizes.Add(page.GetProperty("Parameters").GetArrayLength());
                names.AddRange(page.GetProperty("Parameters").EnumerateArray().Select(p => p.GetProperty("Name").GetString()!));
                token = page.TryGetProperty("NextToken", out JsonElement next) ? next.GetString() : null;
            }
            while (token != null);

            Assert.Equal(new[] { 10, 10, 3 }, pageSizes);
            Assert.Equal(Enumerable.Range(0, 23).Select(i => $"/paged/p{i:00}"), names);
            JsonElement small = Json(await Ssm("GetParametersByPath", new { Path = "/paged", Recursive = true, MaxResults = 9 }));
            Assert.Equal(9, small.GetProperty("Parameters").GetArrayLength());
            Assert.True(small.TryGetProperty("NextToken", out _));
        }

        [Fact]
        public async Task GetParametersByPathValidatesMaxResultsTokenPathAndFilters()
        {
            QueryResponse zero = await Ssm("GetParametersByPath", new { Path = "/x", MaxResults = 0 });
            QueryResponse eleven = await Ssm("GetParametersByPath", new { Path = "/x", MaxResults = 11 });

            Assert.Equal("ValidationException", zero.ErrorCode);
            Assert.Equal("1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10", Json(eleven).GetProperty("message").GetString());
            Assert.Equal("InvalidNextToken", (await Ssm("GetParametersByPath", new { Path = "/x", NextToken = "forged" })).ErrorCode);
            Assert.Equal("SerializationException", (await Ssm("GetParametersByPath", new { Path = "/x", MaxResults = "ten" })).ErrorCode);
            Assert.Equal("ValidationException", (await Ssm("GetParametersByPath", new { Path = "x" })).ErrorCode);
            Assert.Equal("ValidationException", (await Ssm("GetParametersByPath", new { })).ErrorCode);
            Assert.Equal("InvalidFilterKey", (await Ssm("GetParametersByPath", new { Path = "/x", ParameterFilters = new[] { new { Key = "Name", Values = new[] { "a" } } } })).ErrorCode);
            Assert.Equal(200, (await Ssm("GetParametersByPath", new { Path = "/x", ParameterFilters = new[] { new { Key = "Type", Values = new[] { "String" } } } })).HttpStatus);
        }

        [Fact]
        public async Task DeleteParameterAndDeleteParameters()
        {
            foreach (string name in new[] { "/d/1", "/d/2", "/d/3" })
            {
                await Ssm("PutParameter", new { Name = name, Value = "v", Type = "String" });
            }

            Assert.Equal("{}", (await Ssm("DeleteParameter", new { Name = "/d/1" })).Body);
            Assert.Equal("ParameterNotFound", (await Ssm("DeleteParameter", new { Name = "/d/1" })).ErrorCode);
            JsonElement result = Json(await Ssm("DeleteParameters", new { Names = new[] { "/d/2", "/d/1", "/d/3" } }));
            Assert.Equal(new[] { "/d/2", "/d/3" }, result.GetProperty("DeletedParameters").EnumerateArray().Select(n => n.GetString()));
            Assert.Equal(new[] { "/d/1" }, result.GetProperty("InvalidParameters").EnumerateArray().Select(n => n.GetString()));
            Assert.Equal("ValidationException", (await Ssm("DeleteParameters", new { Names = Enumerable.Range(1, 11).Select(i => "/d/" + i).ToArray() })).ErrorCode);
            Assert.Empty(_fixture.World.Parameters.Parameters);
        }

        [Fact]
        public async Task DescribeParametersListsMetadataWithoutValuesInPagesOfUpTo50()
        {
            for (int i = 0; i < 55; i++)
            {
                await Ssm("PutParameter", new { Name = $"/m/p{i:00}", Value = "secret-" + i, Type = "SecureString", Description = "d" + i });
            }

            JsonElement first = Json(await Ssm("DescribeParameters", new { }));
            JsonElement second = Json(await Ssm("DescribeParameters", new { NextToken = first.GetProperty("NextToken").GetString() }));
            JsonElement filtered = Json(await Ssm("DescribeParameters", new { ParameterFilters = new[] { new { Key = "Name", Option = "Equals", Values = new[] { "/m/p07" } } } }));

            Assert.Equal(50, first.GetProperty("Parameters").GetArrayLength());
            Assert.Equal(5, second.GetProperty("Parameters").GetArrayLength());
            Assert.False(second.TryGetProperty("NextToken", out _));
            JsonElement metadata = filtered.GetProperty("Parameters").EnumerateArray().Single();
            Assert.Equal("/m/p07", metadata.GetProperty("Name").GetString());
            Assert.Equal("alias/aws/ssm", metadata.GetProperty("KeyId").GetString());
            Assert.Equal("d7", metadata.GetProperty("Description").GetString());
            Assert.Equal("Standard", metadata.GetProperty("Tier").GetString());
            Assert.Equal(JsonValueKind.Number, metadata.GetProperty("LastModifiedDate").ValueKind);
            Assert.False(metadata.TryGetProperty("Value", out _));
            Assert.Equal("ValidationException", (await Ssm("DescribeParameters", new { MaxResults = 51 })).ErrorCode);
            Assert.Equal("ValidationException", (await Ssm("DescribeParameters", new { Filters = new[] { new { Key = "Name", Values = new[] { "/m" } } } })).ErrorCode);
        }

        [Fact]
        public async Task RefusesBodiesTargetsAndSignaturesItCannotRead()
        {
            Assert.Equal("SerializationException", (await Dispatch("AmazonSSM.PutParameter", "{not json")).ErrorCode);
            Assert.Equal("SerializationException", (await Dispatch("AmazonSSM.PutParameter", "[1]")).ErrorCode);
            Assert.Equal("SerializationException", (await Dispatch("AmazonSSM.PutParameter", "{\"Name\":5,\"Value\":\"v\"}")).ErrorCode);
            Assert.Equal("UnknownOperationException", (await Dispatch("AmazonSSM.SendCommand", "{}")).ErrorCode);
            Assert.Equal("UnknownOperationException", (await Dispatch("AmazonSSM.", "{}")).ErrorCode);
            Assert.Equal("UnknownOperationException", (await Dispatch("DynamoDB_20120810.GetItem", "{}", authorization: null)).ErrorCode);
            Assert.Equal("IncompleteSignatureException", (await Dispatch("AmazonSSM.GetParameter", "{\"Name\":\"/a\"}", "Basic abc")).ErrorCode);
            Assert.All(_log.Requests, r => Assert.Equal(400, r.HttpStatus));
        }

        [Fact]
        public async Task InjectedThrottlingAndInternalErrorsAreUsedUpPerOperationAndLogged()
        {
            _faults.AddFailure("ssm", "PutParameter", 1, "ThrottlingException", null, null);
            _faults.AddFailure("ssm", "GetParameter", 1, "InternalServerError", null, null);
            _faults.AddFailure("ec2", "*", 5, "RequestLimitExceeded", null, null);

            QueryResponse throttled = await Ssm("PutParameter", new { Name = "/f", Value = "v", Type = "String" });
            QueryResponse stored = await Ssm("PutParameter", new { Name = "/f", Value = "v", Type = "String" });
            QueryResponse failed = await Ssm("GetParameter", new { Name = "/f" });
            QueryResponse read = await Ssm("GetParameter", new { Name = "/f" });

            Assert.Equal(400, throttled.HttpStatus);
            Assert.Equal("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}", throttled.Body);
            Assert.Equal(200, stored.HttpStatus);
            Assert.Equal(500, failed.HttpStatus);
            Assert.Equal("InternalServerError", Json(failed).GetProperty("__type").GetString());
            Assert.Equal(200, read.HttpStatus);
            IReadOnlyList<SandboxRequest> log = _log.Requests;
            Assert.Equal(new[] { "PutParameter", "PutParameter", "GetParameter", "GetParameter" }, log.Select(r => r.Action));
            Assert.All(log, r => Assert.Equal("ssm", r.Service));
            Assert.All(log, r => Assert.Equal("test", r.AccessKeyId));
            Assert.Equal(new[] { true, false, true, false }, log.Select(r => r.FaultInjected));
            Assert.Equal(new[] { "ThrottlingException", null, "InternalServerError", null }, log.Select(r => r.ErrorCode));
            Assert.Equal(5, _faults.Faults.Single().Remaining);
        }

        [Fact]
        public async Task InjectedLatencyDelaysTheOperation()
        {
            _faults.AddLatency("ssm", "GetParametersByPath", TimeSpan.FromMilliseconds(300));

            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Ssm("GetParametersByPath", new { Path = "/" });

            Assert.True(clock.ElapsedMilliseconds >= 290, $"took {clock.ElapsedMilliseconds} ms");
        }

        [Fact]
        public void RecognisesJsonRequestsByTargetOrContentType()
        {
            Assert.True(JsonRequestDispatcher.Accepts("AmazonSSM.GetParameter", null));
            Assert.True(JsonRequestDispatcher.Accepts(null, "application/x-amz-json-1.1"));
            Assert.False(JsonRequestDispatcher.Accepts(null, "application/x-www-form-urlencoded; charset=utf-8"));
            Assert.False(JsonRequestDispatcher.Accepts(null, null));
        }

        private Task<QueryResponse> Ssm(string operation, object body) =>
            Dispatch("AmazonSSM." + operation, JsonSerializer.Serialize(body));

        private Task<QueryResponse> Dispatch(string target, string body, string? authorization = Auth)
        {
            var dispatcher = new JsonRequestDispatcher(new IJsonServiceHandler[] { new SsmServiceHandler() }, () => _fixture.World, _faults, _log);
            return dispatcher.DispatchAsync(target, body, authorization, CancellationToken.None);
        }

        private static JsonElement Json(QueryResponse response)
        {
            using JsonDocument document = JsonDocument.Parse(response.Body);
            return document.RootElement.Clone();
        }
    }
}
