using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using BlueGreen.Sandbox;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox
{
    /// <summary>
    /// The running sandbox over real HTTP: the AWS SDK's own SSM client (AWSSDK.SimpleSystemsManagement) talks to it,
    /// JSON and Query requests share the port, and the state dump, reset and control endpoint cover parameters.
    /// </summary>
    public sealed class SsmSandboxWireTests : IDisposable
    {
        private readonly AwsSandbox _sandbox = AwsSandbox.Start(new SandboxOptions { RandomSeed = 7 });
        private readonly AmazonSimpleSystemsManagementClient _ssm;
        private readonly HttpClient _http = new HttpClient();

        public SsmSandboxWireTests()
        {
            var config = new AmazonSimpleSystemsManagementConfig
            {
                RegionEndpoint = RegionEndpoint.GetBySystemName(_sandbox.Region),
                ServiceURL = _sandbox.Endpoint.AbsoluteUri,
                AuthenticationRegion = _sandbox.Region,
                MaxErrorRetry = 2,
            };
            _ssm = new AmazonSimpleSystemsManagementClient(new BasicAWSCredentials("test", "test"), config);
        }

        public void Dispose()
        {
            _ssm.Dispose();
            _http.Dispose();
            _sandbox.Dispose();
        }

        [Fact]
        public async Task TheSdkClientGetsParameterAlreadyExistsForASecondPutWithoutOverwrite()
        {
            PutParameterResponse first = await _ssm.PutParameterAsync(new PutParameterRequest { Name = "/shop/db/host", Value = "db1", Type = ParameterType.String });

            var error = await Assert.ThrowsAsync<ParameterAlreadyExistsException>(() =>
                _ssm.PutParameterAsync(new PutParameterRequest { Name = "/shop/db/host", Value = "db2", Type = ParameterType.String }));
            PutParameterResponse overwritten = await _ssm.PutParameterAsync(new PutParameterRequest { Name = "/shop/db/host", Value = "db2", Overwrite = true });
            Parameter read = (await _ssm.GetParameterAsync(new GetParameterRequest { Name = "/shop/db/host" })).Parameter;

            Assert.Equal(1, first.Version);
            Assert.Equal(ParameterTier.Standard, first.Tier);
            Assert.Equal("The parameter already exists. To overwrite this value, set the overwrite option in the request to true.", error.Message);
            Assert.Equal(2, overwritten.Version);
            Assert.Equal("db2", read.Value);
            Assert.Equal("arn:aws:ssm:us-east-1:123456789012:parameter/shop/db/host", read.ARN);
            Assert.Equal("text", read.DataType);
            Assert.True(read.LastModifiedDate > DateTime.UtcNow.AddMinutes(-5));
            Assert.Equal(new[] { "ssm" }, _sandbox.Requests.Select(r => r.Service).Distinct());
            Assert.Equal("us-east-1", _sandbox.Requests[0].SigningRegion);
        }

        [Fact]
        public async Task TheSdkClientPagesGetParametersByPathAndSeesTheOtherErrors()
        {
            for (int i = 0; i < 12; i++)
            {
                await _ssm.PutParameterAsync(new PutParameterRequest { Name = $"/shop/cfg/k{i:00}", Value = "v" + i, Type = ParameterType.String });
            }

            var names = new List<string>();
            string? token = null;
            int pages = 0;
            do
            {
                GetParametersByPathResponse page = await _ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = "/shop/cfg", MaxResults = 5, NextToken = token });
                names.AddRange(page.Parameters.Select(p => p.Name));
                token = page.NextToken;
                pages++;
            }
            while (token != null);

            Assert.Equal(3, pages);
            Assert.Equal(Enumerable.Range(0, 12).Select(i => $"/shop/cfg/k{i:00}"), names);
            await Assert.ThrowsAsync<ParameterNotFoundException>(() => _ssm.GetParameterAsync(new GetParameterRequest { Name = "/shop/none" }));
            await Assert.ThrowsAsync<InvalidNextTokenException>(() => _ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = "/shop", NextToken = "forged" }));
            var validation = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() =>
                _ssm.GetParametersAsync(new GetParametersRequest { Names = Enumerable.Range(0, 11).Select(i => "/p" + i).ToList() }));
            Assert.Equal("ValidationException", validation.ErrorCode);
            DeleteParametersResponse deleted = await _ssm.DeleteParametersAsync(new DeleteParametersRequest { Names = new List<string> { "/shop/cfg/k00", "/shop/none" } });
            Assert.Equal(new[] { "/shop/cfg/k00" }, deleted.DeletedParameters);
            Assert.Equal(new[] { "/shop/none" }, deleted.InvalidParameters);
        }

        [Fact]
        public async Task TheSdkClientRetriesAnInjectedThrottlingException()
        {
            _sandbox.FailNext("GetParameters", 2, "ThrottlingException", service: "ssm");
            await _ssm.PutParameterAsync(new PutParameterRequest { Name = "/t", Value = "v", Type = ParameterType.String });

            GetParametersResponse response = await _ssm.GetParametersAsync(new GetParametersRequest { Names = new List<string> { "/t", "/u" } });

            Assert.Equal("/t", response.Parameters.Single().Name);
            Assert.Equal(new[] { "/u" }, response.InvalidParameters);
            Assert.Equal(new[] { 400, 400, 200 }, _sandbox.Requests.Where(r => r.Action == "GetParameters").Select(r => r.HttpStatus));
        }

        [Fact]
        public async Task JsonAndQueryRequestsShareThePort()
        {
            using var json = new HttpRequestMessage(HttpMethod.Post, _sandbox.Endpoint)
            {
                Content = new StringContent("{\"Name\":\"/q\",\"Value\":\"v\",\"Type\":\"String\"}", Encoding.UTF8),
            };
            json.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
            json.Headers.Add("X-Amz-Target", "AmazonSSM.PutParameter");
            HttpResponseMessage jsonResponse = await _http.SendAsync(json);
            HttpResponseMessage queryResponse = await _http.PostAsync(_sandbox.Endpoint,
                new StringContent("Action=DescribeInstances&Version=2016-11-15", Encoding.UTF8, "application/x-www-form-urlencoded"));

            Assert.Equal(200, (int)jsonResponse.StatusCode);
            Assert.Equal("application/x-amz-json-1.1", jsonResponse.Content.Headers.ContentType!.MediaType);
            Assert.Equal("{\"Version\":1,\"Tier\":\"Standard\"}", await jsonResponse.Content.ReadAsStringAsync());
            Assert.True(jsonResponse.Headers.Contains("x-amzn-RequestId"));
            Assert.Equal(200, (int)queryResponse.StatusCode);
            Assert.Contains("<DescribeInstancesResponse", await queryResponse.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task TheStateDumpListsParametersDeterministicallyAndResetClearsThem()
        {
            await _ssm.PutParameterAsync(new PutParameterRequest { Name = "/z/last", Value = "z", Type = ParameterType.String });
            await _ssm.PutParameterAsync(new PutParameterRequest { Name = "/a/first", Value = "hidden", Type = ParameterType.SecureString });
            string before = _sandbox.GetStateJson();

            await _ssm.GetParametersByPathAsync(new GetParametersByPathRequest { Path = "/", Recursive = true, WithDecryption = true });
            Assert.Equal(before, _sandbox.GetStateJson());
            Assert.Equal(before, await _http.GetStringAsync(new Uri(_sandbox.Endpoint, "_sandbox/state")));
            using (JsonDocument state = JsonDocument.Parse(before))
            {
                JsonElement[] parameters = state.RootElement.GetProperty("parameters").EnumerateArray().ToArray();
                Assert.Equal(new[] { "/a/first", "/z/last" }, parameters.Select(p => p.GetProperty("name").GetString()));
                Assert.DoesNotContain("hidden", before);
                Assert.Equal("SecureString", parameters[0].GetProperty("versions")[0].GetProperty("type").GetString());
            }

            _sandbox.Reset();
            using JsonDocument reset = JsonDocument.Parse(_sandbox.GetStateJson());
            Assert.Equal(0, reset.RootElement.GetProperty("parameters").GetArrayLength());
            await Assert.ThrowsAsync<ParameterNotFoundException>(() => _ssm.GetParameterAsync(new GetParameterRequest { Name = "/z/last" }));
        }

        [Fact]
        public async Task TheControlEndpointInjectsSsmFaults()
        {
            HttpResponseMessage added = await _http.PostAsync(new Uri(_sandbox.Endpoint, "_sandbox/faults"),
                new StringContent("{\"service\":\"ssm\",\"action\":\"DeleteParameter\",\"errorCode\":\"InternalServerError\",\"count\":5}", Encoding.UTF8, "application/json"));
            Assert.Equal(200, (int)added.StatusCode);
            await _ssm.PutParameterAsync(new PutParameterRequest { Name = "/c", Value = "v", Type = ParameterType.String });

            var error = await Assert.ThrowsAsync<InternalServerErrorException>(() => _ssm.DeleteParameterAsync(new DeleteParameterRequest { Name = "/c" }));

            Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
            Assert.Equal(new[] { 500, 500, 500 }, _sandbox.Requests.Where(r => r.Action == "DeleteParameter").Select(r => r.HttpStatus));
            Assert.Equal(2, _sandbox.Faults.Single().Remaining);
            Assert.Equal(500, _sandbox.Faults.Single().HttpStatus);
        }
    }
}
