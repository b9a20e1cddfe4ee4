using System;
using System.Net;
using System.Net.Http;
using Amazon.Runtime;
using BlueGreen.Aws;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Aws
{
    public sealed class AwsFailureTranslatorTests
    {
        [Theory]
        [InlineData("LoadBalancerNotFound", "AwsLoadBalancerNotFound", FailureCategory.ObjectNotFound)]
        [InlineData("InvalidInstanceID.NotFound", "AwsInvalidInstanceIDNotFound", FailureCategory.ObjectNotFound)]
        [InlineData("Throttling", "AwsThrottling", FailureCategory.ResourceBusy)]
        [InlineData("TooManyTargets", "AwsTooManyTargets", FailureCategory.LimitsExceeded)]
        [InlineData("AccessDenied", "AwsAccessDenied", FailureCategory.PermissionDenied)]
        [InlineData("ExpiredToken", "AwsExpiredToken", FailureCategory.AuthenticationError)]
        [InlineData("ValidationError", "AwsValidationError", FailureCategory.InvalidArgument)]
        [InlineData("DuplicateListener", "AwsDuplicateListener", FailureCategory.ResourceExists)]
        [InlineData("ResourceInUse", "AwsResourceInUse", FailureCategory.ResourceBusy)]
        public void Service_errors_get_a_stable_id_and_category(string code, string errorId, FailureCategory category)
        {
            var aws = new ElasticLoadBalancingV2Exception("AWS says no", null, ErrorType.Sender, code, "req-1", HttpStatusCode.BadRequest);

            BlueGreenException translated = AwsFailureTranslator.Translate(aws, "ModifyListener", "arn:listener");

            Assert.Equal(errorId, translated.ErrorId);
            Assert.Equal(category, translated.Category);
            Assert.Equal("arn:listener", translated.Target);
            Assert.Same(aws, translated.InnerException);
            Assert.Contains("ModifyListener", translated.Message);
            Assert.Contains("AWS says no", translated.Message);
            Assert.Contains(code, translated.Message);
        }

        [Fact]
        public void Network_failures_are_connection_errors()
        {
            var failure = new AmazonClientException("send failed", new HttpRequestException("Connection refused (127.0.0.1:1)"));

            BlueGreenException translated = AwsFailureTranslator.Translate(failure, "DescribeListeners");

            Assert.Equal("AwsConnectionFailed", translated.ErrorId);
            Assert.Equal(FailureCategory.ConnectionError, translated.Category);
            Assert.Contains("Connection refused", translated.Message);
        }

        [Fact]
        public void Missing_credentials_are_authentication_errors()
        {
            var failure = new AmazonClientException("Failed to resolve AWS credentials. The credential providers used to search for credentials returned the following errors:\nException 1 of 4: ...");

            BlueGreenException translated = AwsFailureTranslator.Translate(failure, "DescribeLoadBalancers");

            Assert.Equal("AwsNoCredentials", translated.ErrorId);
            Assert.Equal(FailureCategory.AuthenticationError, translated.Category);
            Assert.DoesNotContain("Exception 1 of 4", translated.Message);
        }

        [Fact]
        public async System.Threading.Tasks.Task InvokeAsync_translates_AWS_failures_and_lets_cancellation_through()
        {
            var aws = new ElasticLoadBalancingV2Exception("nope", null, ErrorType.Sender, "ListenerNotFound", "r", HttpStatusCode.BadRequest);

            var translated = await Assert.ThrowsAsync<BlueGreenException>(() => AwsFailureTranslator.InvokeAsync("DescribeRules", "arn", () => throw aws));
            await Assert.ThrowsAsync<OperationCanceledException>(() => AwsFailureTranslator.InvokeAsync("DescribeRules", "arn", () => throw new OperationCanceledException()));

            Assert.Equal("AwsListenerNotFound", translated.ErrorId);
        }
    }
}
