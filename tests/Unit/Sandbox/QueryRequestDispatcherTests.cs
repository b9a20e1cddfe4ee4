using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using BlueGreen.Sandbox;
using BlueGreen.Sandbox.Diagnostics;
using BlueGreen.Sandbox.Faults;
using BlueGreen.Sandbox.Protocol;
using BlueGreen.Sandbox.Services;
using BlueGreen.Sandbox.Services.Ec2;
using BlueGreen.Sandbox.Services.ElasticLoadBalancing;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox
{
    public class QueryRequestDispatcherTests
    {
        private static readonly XNamespace Elb = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
        private static readonly XNamespace Ec2 = "http://ec2.amazonaws.com/doc/2016-11-15/";
        private readonly SandboxWorldFixture _fixture = new SandboxWorldFixture(SandboxScenario.Demo);
        private readonly FaultInjector _faults = new FaultInjector();
        private readonly RequestLog _log = new RequestLog();

        [Fact]
        public async Task AnswersElbV2InItsNamespaceWithResultAndRequestId()
        {
            QueryResponse response = await Dispatch("Action=DescribeTargetGroups&Version=2015-12-01&Names.member.1=bluegreen-demo-green");

            Assert.Equal(200, response.HttpStatus);
            XElement root = XElement.Parse(response.Body);
            Assert.Equal(Elb + "DescribeTargetGroupsResponse", root.Name);
            Assert.Equal("bluegreen-demo-green", (string?)root.Element(Elb + "DescribeTargetGroupsResult")!.Element(Elb + "TargetGroups")!.Element(Elb + "member")!.Element(Elb + "TargetGroupName"));
            Assert.Equal(response.RequestId, (string?)root.Element(Elb + "ResponseMetadata")!.Element(Elb + "RequestId"));
        }

        [Fact]
        public async Task RendersElbV2ErrorsAsErrorResponseWithSenderType()
        {
            QueryResponse response = await Dispatch("Action=DescribeTargetGroups&Version=2015-12-01&Names.member.1=missing");

            Assert.Equal(400, response.HttpStatus);
            XElement error = XElement.Parse(response.Body).Element(Elb + "Error")!;
            Assert.Equal("Sender", (string?)error.Element(Elb + "Type"));
            Assert.Equal("TargetGroupNotFound", (string?)error.Element(Elb + "Code"));
        }

        [Fact]
        public async Task RendersEc2ErrorsAsResponseErrorsWithRequestID()
        {
            QueryResponse response = await Dispatch("Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-0123456789abcdef0");

            Assert.Equal(400, response.HttpStatus);
            XElement root = XElement.Parse(response.Body);
            Assert.Equal("Response", root.Name.LocalName);
            Assert.Equal("InvalidInstanceID.NotFound", (string?)root.Element("Errors")!.Element("Error")!.Element("Code"));
            Assert.Equal(response.RequestId, (string?)root.Element("RequestID"));
        }

        [Fact]
        public async Task TellsServicesApartByCredentialScopeWhenTheVersionIsMissing()
        {
            QueryResponse response = await Dispatch("Action=DescribeInstances",
                "AWS4-HMAC-SHA256 Credential=test/20240501/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=x");

            Assert.Equal("MissingParameter", response.ErrorCode);
            Assert.Equal("Response", XElement.Parse(response.Body).Name.LocalName);
        }

        [Fact]
        public async Task InjectedFailuresAreUsedUpThenTheCallSucceeds()
        {
            _faults.AddFailure(null, "DescribeInstances", 1, "RequestLimitExceeded", null, null);

            QueryResponse throttled = await Dispatch("Action=DescribeInstances&Version=2016-11-15");
            QueryResponse succeeded = await Dispatch("Action=DescribeInstances&Version=2016-11-15");

            Assert.Equal(503, throttled.HttpStatus);
            Assert.Equal("RequestLimitExceeded", throttled.ErrorCode);
            Assert.Equal(200, succeeded.HttpStatus);
            Assert.Equal(2, XElement.Parse(succeeded.Body).Element(Ec2 + "reservationSet")!.Elements(Ec2 + "item").Count());
            Assert.Equal(new[] { true, false }, new[] { _log.Requests[0].FaultInjected, _log.Requests[1].FaultInjected });
        }

        private Task<QueryResponse> Dispatch(string body, string? authorization = null)
        {
            var dispatcher = new QueryRequestDispatcher(new IAwsServiceHandler[] { new ElbV2ServiceHandler(), new Ec2ServiceHandler() },
                () => _fixture.World, _faults, _log);
            return dispatcher.DispatchAsync(null, body, authorization, CancellationToken.None);
        }
    }
}
