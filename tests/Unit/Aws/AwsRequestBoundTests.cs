using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.EC2.Model;
using Amazon.Runtime;
using BlueGreen.Aws;
using Xunit;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>
    /// The bound on AWS calls in flight (Aws.MaxConcurrentRequests) holds across every client one factory makes (EC2,
    /// SSM, ELBv2, CloudWatch), enforced by the <see cref="AwsRequestSlotHandler"/> in each client's SDK pipeline: the
    /// HTTP layer under the pipeline answers after 40 ms and counts the requests it holds at once.
    /// </summary>
    [Collection(AwsEnvironmentCollection.Name)]
    public sealed class AwsRequestBoundTests : IDisposable
    {
        private readonly EnvironmentVariableScope _environment = new EnvironmentVariableScope()
            .Set("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE").Set("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            .Set("AWS_SESSION_TOKEN", null).Set("AWS_PROFILE", null).Set("AWS_EC2_METADATA_DISABLED", "true").Set("AWS_MAX_ATTEMPTS", null);

        public void Dispose() => _environment.Dispose();

        [Fact]
        public async Task Calls_of_all_four_clients_sent_at_once_are_never_more_in_flight_than_the_bound()
        {
            var http = new SlowHttpHandler();
            var factory = Factory(http, bound: 2);
            var ec2 = factory.CreateEC2();
            var ssm = factory.CreateSsmParameterStore();
            var elb = factory.CreateElasticLoadBalancingV2();
            var cloudWatch = factory.CreateCloudWatch();

            var calls = Enumerable.Range(0, 3).SelectMany(_ => new Task[]
            {
                ec2.DescribeInstancesAsync(new DescribeInstancesRequest()),
                ssm.GetAsync("/bluegreen/shop/lock", CancellationToken.None),
                elb.DescribeLoadBalancersAsync(),
                cloudWatch.DescribeAlarmsAsync(new[] { "shop-5xx" }),
            }).ToList();
            await Task.WhenAll(calls);

            Assert.Equal(12, http.Requests);
            Assert.Equal(2, http.MaxInFlight);
            Assert.Equal(0, factory.RequestLimiter.InFlight);
        }

        [Fact]
        public async Task A_throttled_call_keeps_its_slot_through_its_retries_so_the_bound_still_holds()
        {
            var http = new SlowHttpHandler { ThrottleFirstEc2Attempts = 2 };
            var factory = Factory(http, bound: 1);
            var ec2 = factory.CreateEC2();
            var ssm = factory.CreateSsmParameterStore();

            await Task.WhenAll(ec2.DescribeInstancesAsync(new DescribeInstancesRequest()), ssm.GetAsync("/bluegreen/shop/lock", CancellationToken.None));

            Assert.Equal(4, http.Requests);
            Assert.Equal(1, http.MaxInFlight);
            // The SSM call never got in between EC2's attempts, even while EC2 backed off before a retry.
            string order = string.Join(",", http.Order);
            Assert.True(order == "ssm,ec2,ec2,ec2" || order == "ec2,ec2,ec2,ssm", order);
        }

        private static AwsClientFactory Factory(SlowHttpHandler http, int bound) =>
            new AwsClientFactory(new AwsConnectionSettings { Region = "eu-west-1", EndpointUrl = new Uri("http://127.0.0.1:9"), MaxConcurrentRequests = bound })
            {
                HttpClientFactory = new SlowHttpClientFactory(http),
            };

        private sealed class SlowHttpClientFactory(SlowHttpHandler handler) : HttpClientFactory
        {
            public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new HttpClient(handler, disposeHandler: false);

            public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

            public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
        }

        /// <summary>Answers each service's call after 40 ms (EC2's first attempts with Throttling if asked).</summary>
        private sealed class SlowHttpHandler : HttpMessageHandler
        {
            private static readonly Dictionary<string, string> Answers = new Dictionary<string, string>
            {
                ["DescribeInstances"] = "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId><reservationSet/></DescribeInstancesResponse>",
                ["DescribeLoadBalancers"] = "<DescribeLoadBalancersResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><DescribeLoadBalancersResult><LoadBalancers/></DescribeLoadBalancersResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeLoadBalancersResponse>",
                ["DescribeAlarms"] = "<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><DescribeAlarmsResult><MetricAlarms/></DescribeAlarmsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeAlarmsResponse>",
            };

            private const string Throttled = "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>";

            private int _inFlight;
            private int _maxInFlight;
            private int _requests;
            private int _ec2Attempts;

            internal int ThrottleFirstEc2Attempts { get; init; }

            internal int MaxInFlight => Volatile.Read(ref _maxInFlight);

            internal int Requests => Volatile.Read(ref _requests);

            internal List<string> Order { get; } = new List<string>();

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _requests);
                int now = Interlocked.Increment(ref _inFlight);
                int seen;
                while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
                {
                }

                try
                {
                    string body = request.Content == null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
                    await Task.Delay(40, cancellationToken);
                    bool isSsm = request.Headers.TryGetValues("X-Amz-Target", out var target) && target.Single() == "AmazonSSM.GetParameter";
                    lock (Order)
                    {
                        Order.Add(isSsm ? "ssm" : body.Contains("Action=DescribeInstances&", StringComparison.Ordinal) ? "ec2" : "query");
                    }

                    if (isSsm)
                    {
                        return Answer(HttpStatusCode.OK, "{\"Parameter\":{\"Name\":\"/bluegreen/shop/lock\",\"Type\":\"String\",\"Value\":\"v\",\"Version\":1}}");
                    }

                    string action = Answers.Keys.Single(a => body.Contains("Action=" + a + "&", StringComparison.Ordinal));
                    if (action == "DescribeInstances" && Interlocked.Increment(ref _ec2Attempts) <= ThrottleFirstEc2Attempts)
                    {
                        return Answer(HttpStatusCode.ServiceUnavailable, Throttled);
                    }

                    return Answer(HttpStatusCode.OK, Answers[action]);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }

            private static HttpResponseMessage Answer(HttpStatusCode status, string body) =>
                new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
        }
    }
}
