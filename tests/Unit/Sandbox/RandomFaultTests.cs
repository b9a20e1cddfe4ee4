using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using BlueGreen.Sandbox;
using BlueGreen.Sandbox.Faults;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox
{
    /// <summary>
    /// Rate faults (<see cref="AwsSandbox.FailRandomly"/>) over real HTTP without a client's retries: each call fails
    /// with the rate, reproducibly for a seed, answered as the service answers that code, until the faults are cleared.
    /// </summary>
    public sealed class RandomFaultTests : IDisposable
    {
        private const string DescribeTargetGroups = "Action=DescribeTargetGroups&Version=2015-12-01";
        private readonly List<AwsSandbox> _sandboxes = new List<AwsSandbox>();
        private readonly HttpClient _http = new HttpClient();

        public void Dispose()
        {
            _http.Dispose();
            foreach (AwsSandbox sandbox in _sandboxes)
            {
                sandbox.Dispose();
            }
        }

        [Fact]
        public async Task ASeededRateFailsAboutThatShareOfCallsAndTheSameCallsForTheSameSeed()
        {
            AwsSandbox first = Start(seed: 42);
            AwsSandbox second = Start(seed: 42);
            SandboxFault fault = first.FailRandomly("DescribeTargetGroups", 0.2, "Throttling");
            second.FailRandomly("DescribeTargetGroups", 0.2, "Throttling");

            int[] firstStatuses = await Statuses(first, DescribeTargetGroups, 500);
            int[] secondStatuses = await Statuses(second, DescribeTargetGroups, 500);

            int failed = firstStatuses.Count(s => s != 200);
            Assert.InRange(failed, 60, 140);
            Assert.All(firstStatuses, s => Assert.Contains(s, new[] { 200, 400 }));
            Assert.Equal(firstStatuses, secondStatuses);
            Assert.Equal(failed, fault.Failed);
            Assert.Equal(failed, first.Requests.Count(r => r.FaultInjected && r.ErrorCode == "Throttling"));
            Assert.Same(fault, Assert.Single(first.Faults));
            Assert.Equal(0.2, fault.Rate);
        }

        [Fact]
        public async Task RateOneFailsEveryCallAsElbV2SendsThrottlingUntilTheFaultsAreCleared()
        {
            AwsSandbox sandbox = Start(seed: 1);
            sandbox.FailRandomly("DescribeTargetGroups", 1, "Throttling");

            int[] failing = await Statuses(sandbox, DescribeTargetGroups, 20);
            HttpResponseMessage throttled = await Post(sandbox, DescribeTargetGroups);
            sandbox.Reset();
            int afterReset = (int)(await Post(sandbox, DescribeTargetGroups)).StatusCode;
            sandbox.ClearFaults();
            int[] cleared = await Statuses(sandbox, DescribeTargetGroups, 20);

            Assert.All(failing, s => Assert.Equal(400, s));
            XElement error = XElement.Parse(await throttled.Content.ReadAsStringAsync());
            XNamespace elb = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
            Assert.Equal(elb + "ErrorResponse", error.Name);
            Assert.Equal("Sender", (string?)error.Element(elb + "Error")!.Element(elb + "Type"));
            Assert.Equal("Throttling", (string?)error.Element(elb + "Error")!.Element(elb + "Code"));
            Assert.Equal("Rate exceeded", (string?)error.Element(elb + "Error")!.Element(elb + "Message"));
            Assert.Equal(400, afterReset);
            Assert.All(cleared, s => Assert.Equal(200, s));
            Assert.Empty(sandbox.Faults);
        }

        [Fact]
        public async Task AStarFaultFailsEc2ElbV2AndSsmEachInItsOwnProtocol()
        {
            AwsSandbox sandbox = Start(seed: 3);
            SandboxFault fault = sandbox.FailRandomly("*", 1, "InternalFailure", 500);

            HttpResponseMessage elb = await Post(sandbox, DescribeTargetGroups);
            HttpResponseMessage ec2 = await Post(sandbox, "Action=DescribeInstances&Version=2016-11-15");
            HttpResponseMessage ssm = await Ssm(sandbox, "DescribeParameters", "{}");

            Assert.Equal(500, (int)elb.StatusCode);
            Assert.Equal("Receiver", XElement.Parse(await elb.Content.ReadAsStringAsync()).Descendants().Single(e => e.Name.LocalName == "Type").Value);
            Assert.Equal(500, (int)ec2.StatusCode);
            XElement ec2Error = XElement.Parse(await ec2.Content.ReadAsStringAsync());
            Assert.Equal("Response", ec2Error.Name.LocalName);
            Assert.Equal("InternalFailure", ec2Error.Element("Errors")!.Element("Error")!.Element("Code")!.Value);
            Assert.Equal(500, (int)ssm.StatusCode);
            using JsonDocument ssmError = JsonDocument.Parse(await ssm.Content.ReadAsStringAsync());
            Assert.Equal("InternalFailure", ssmError.RootElement.GetProperty("__type").GetString());
            Assert.Equal(3, fault.Failed);
            Assert.Equal(new[] { "elasticloadbalancing", "ec2", "ssm" }, sandbox.Requests.Select(r => r.Service));
        }

        [Fact]
        public async Task OfSeveralMatchingFaultsTheFirstAddedThatFiresWins()
        {
            AwsSandbox sandbox = Start(seed: 42);
            SandboxFault throttling = sandbox.FailRandomly("DescribeTargetGroups", 0.1, "Throttling");
            SandboxFault internalFailure = sandbox.FailRandomly("*", 0.1, "InternalFailure", 500);

            int[] statuses = await Statuses(sandbox, DescribeTargetGroups, 500);

            Assert.Equal(throttling.Failed, statuses.Count(s => s == 400));
            Assert.Equal(internalFailure.Failed, statuses.Count(s => s == 500));
            Assert.InRange(throttling.Failed, 25, 80);
            Assert.InRange(internalFailure.Failed, 20, 75);
            Assert.Equal(500, statuses.Count(s => s == 200) + throttling.Failed + internalFailure.Failed);

            sandbox.ClearFaults();
            SandboxFault count = sandbox.FailNext("DescribeTargetGroups", 2, "Throttling");
            SandboxFault always = sandbox.FailRandomly("DescribeTargetGroups", 1, "InternalFailure", 500);
            SandboxFault never = sandbox.FailRandomly("DescribeTargetGroups", 1, "ServiceUnavailable");

            Assert.Equal(new[] { 400, 400, 500, 500 }, await Statuses(sandbox, DescribeTargetGroups, 4));
            Assert.Equal((2, 2, 0), (count.Failed, always.Failed, never.Failed));
            Assert.Equal(new[] { always, never }, sandbox.Faults);
        }

        [Fact]
        public async Task TheFaultListShowsTheRateAndTheFailedCount()
        {
            AwsSandbox sandbox = Start(seed: 5);
            SandboxFault rate = sandbox.FailRandomly("DescribeTargetGroups", 1, "Throttling", service: "elasticloadbalancing");
            SandboxFault count = sandbox.FailNext("DescribeInstances", 3, "RequestLimitExceeded");
            await Post(sandbox, DescribeTargetGroups);
            await Post(sandbox, "Action=DescribeInstances&Version=2016-11-15");

            HttpResponseMessage added = await _http.PostAsync(new Uri(sandbox.Endpoint, "_sandbox/faults"),
                new StringContent("{\"action\":\"*\",\"errorCode\":\"Throttling\",\"rate\":0.25,\"service\":\"ssm\"}", Encoding.UTF8, "application/json"));
            HttpResponseMessage both = await _http.PostAsync(new Uri(sandbox.Endpoint, "_sandbox/faults"),
                new StringContent("{\"action\":\"*\",\"errorCode\":\"Throttling\",\"rate\":0.25,\"count\":2}", Encoding.UTF8, "application/json"));
            HttpResponseMessage zero = await _http.PostAsync(new Uri(sandbox.Endpoint, "_sandbox/faults"),
                new StringContent("{\"action\":\"*\",\"errorCode\":\"Throttling\",\"rate\":0}", Encoding.UTF8, "application/json"));
            using JsonDocument list = JsonDocument.Parse(await added.Content.ReadAsStringAsync());

            Assert.Equal("#1 elasticloadbalancing:DescribeTargetGroups Throttling (400) at rate 1, 1 failed", rate.ToString());
            Assert.Equal("#2 DescribeInstances RequestLimitExceeded (503) on the next 2 calls, 1 failed", count.ToString());
            Assert.Equal(200, (int)added.StatusCode);
            JsonElement[] faults = list.RootElement.EnumerateArray().ToArray();
            Assert.Equal(3, faults.Length);
            Assert.Equal(1, faults[0].GetProperty("rate").GetDouble());
            Assert.Equal(1, faults[0].GetProperty("failed").GetInt32());
            Assert.False(faults[0].TryGetProperty("remaining", out _));
            Assert.Equal(2, faults[1].GetProperty("remaining").GetInt32());
            Assert.Equal(1, faults[1].GetProperty("failed").GetInt32());
            Assert.Equal(0.25, faults[2].GetProperty("rate").GetDouble());
            Assert.Equal("ssm", faults[2].GetProperty("service").GetString());
            Assert.Equal(400, (int)both.StatusCode);
            Assert.Equal(400, (int)zero.StatusCode);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-0.1)]
        [InlineData(1.01)]
        [InlineData(double.NaN)]
        public void ARateOutsideZeroToOneIsRefused(double rate)
        {
            AwsSandbox sandbox = Start(seed: 1);

            Assert.Throws<ArgumentOutOfRangeException>(() => sandbox.FailRandomly("*", rate, "Throttling"));
            Assert.Throws<ArgumentException>(() => sandbox.FailRandomly("*", 0.5, " "));
            Assert.Empty(sandbox.Faults);
        }

        private AwsSandbox Start(int seed)
        {
            AwsSandbox sandbox = AwsSandbox.Start(new SandboxOptions { RandomSeed = seed });
            _sandboxes.Add(sandbox);
            return sandbox;
        }

        private Task<HttpResponseMessage> Post(AwsSandbox sandbox, string form) =>
            _http.PostAsync(sandbox.Endpoint, new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));

        private async Task<int[]> Statuses(AwsSandbox sandbox, string form, int calls)
        {
            var statuses = new int[calls];
            for (int i = 0; i < calls; i++)
            {
                using HttpResponseMessage response = await Post(sandbox, form);
                statuses[i] = (int)response.StatusCode;
            }

            return statuses;
        }

        private Task<HttpResponseMessage> Ssm(AwsSandbox sandbox, string operation, string body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, sandbox.Endpoint) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
            request.Headers.Add("X-Amz-Target", "AmazonSSM." + operation);
            return _http.SendAsync(request);
        }
    }
}
