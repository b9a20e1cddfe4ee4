using System;
using System.IO;
using BlueGreen.Aws;
using BlueGreen.Aws.ElasticLoadBalancing;
using BlueGreen.Diagnostics;
using Xunit;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>Where the factory takes region, credentials and endpoints from; a private shared credentials file for each test.</summary>
    [Collection(AwsEnvironmentCollection.Name)]
    public sealed class AwsClientFactoryTests : IDisposable
    {
        private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzzzzSECRET";
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "bg-aws-factory-" + Guid.NewGuid().ToString("N"));
        private readonly EnvironmentVariableScope _environment = new EnvironmentVariableScope();

        public AwsClientFactoryTests()
        {
            Directory.CreateDirectory(_directory);
            File.WriteAllText(Credentials, $"[shop]\naws_access_key_id = AKIDSHOPEXAMPLE\naws_secret_access_key = {SecretKey}\nregion = eu-central-1\n\n[default]\nregion = ap-south-1\n");
            _environment
                .Set("AWS_EC2_METADATA_DISABLED", "true")
                .Set("AWS_PROFILE", null).Set("AWS_REGION", null).Set("AWS_DEFAULT_REGION", null)
                .Set("AWS_ACCESS_KEY_ID", null).Set("AWS_SECRET_ACCESS_KEY", null).Set("AWS_SESSION_TOKEN", null)
                .Set("AWS_ENDPOINT_URL", null).Set("AWS_ENDPOINT_URL_EC2", null).Set("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", null);
        }

        private string Credentials => Path.Combine(_directory, "credentials");

        public void Dispose()
        {
            _environment.Dispose();
            Directory.Delete(_directory, recursive: true);
        }

        private AwsClientFactory Factory(AwsConnectionSettings settings, IOperationReporter? reporter = null) =>
            new AwsClientFactory(settings, reporter, Credentials);

        [Fact]
        public void Region_comes_from_the_setting_then_the_named_profile_then_the_environment()
        {
            _environment.Set("AWS_REGION", "us-west-2");

            Assert.Equal("eu-west-3", Factory(new AwsConnectionSettings { Region = "eu-west-3", ProfileName = "shop" }).Region);
            Assert.Equal("eu-central-1", Factory(new AwsConnectionSettings { ProfileName = "shop" }).Region);
            Assert.Equal("us-west-2", Factory(new AwsConnectionSettings()).Region);
            _environment.Set("AWS_REGION", null);
            Assert.Equal("ap-south-1", Factory(new AwsConnectionSettings()).Region);
        }

        [Fact]
        public void No_region_anywhere_is_an_error_that_says_what_to_set()
        {
            File.WriteAllText(Credentials, $"[shop]\naws_access_key_id = AKIDSHOPEXAMPLE\naws_secret_access_key = {SecretKey}\n");

            var failure = Assert.Throws<BlueGreenException>(() => Factory(new AwsConnectionSettings { ProfileName = "shop" }));

            Assert.Equal("AwsRegionMissing", failure.ErrorId);
            Assert.Equal(FailureCategory.InvalidArgument, failure.Category);
            Assert.Contains("-Region", failure.Message);
            Assert.Contains("AWS_REGION", failure.Message);
        }

        [Fact]
        public void An_unknown_profile_is_not_found()
        {
            var failure = Assert.Throws<BlueGreenException>(() => Factory(new AwsConnectionSettings { ProfileName = "nope" }));

            Assert.Equal("AwsProfileNotFound", failure.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, failure.Category);
        }

        [Fact]
        public void Profile_credentials_are_used_and_reported_without_secrets()
        {
            var reporter = new RecordingReporter();
            var factory = Factory(new AwsConnectionSettings { ProfileName = "shop" }, reporter);

            using var elb = (ElasticLoadBalancingV2Client)((FailureTranslatingElasticLoadBalancingV2)factory.CreateElasticLoadBalancingV2()).Inner;
            using var ec2 = factory.CreateEC2();

            Assert.Equal("eu-central-1", elb.Config.RegionEndpoint.SystemName);
            Assert.Equal("eu-central-1", ec2.Config.RegionEndpoint.SystemName);
            Assert.Contains(reporter.VerboseMessages, m => m.Contains("profile 'shop'") && m.StartsWith("AWS credentials"));
            Assert.Contains(reporter.VerboseMessages, m => m.StartsWith("AWS region: eu-central-1 (from profile 'shop')"));
            Assert.DoesNotContain(reporter.VerboseMessages, m => m.Contains(SecretKey) || m.Contains("AKIDSHOPEXAMPLE"));
        }

        [Fact]
        public void Endpoints_come_from_the_explicit_url_then_the_service_variables_then_AWS_ENDPOINT_URL()
        {
            _environment.Set("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE").Set("AWS_SECRET_ACCESS_KEY", SecretKey).Set("AWS_REGION", "eu-west-1")
                .Set("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:1001").Set("AWS_ENDPOINT_URL", "http://127.0.0.1:1003");
            var reporter = new RecordingReporter();

            var fromEnvironment = Factory(new AwsConnectionSettings(), reporter);
            using var ec2 = fromEnvironment.CreateEC2();
            using var elb = (ElasticLoadBalancingV2Client)((FailureTranslatingElasticLoadBalancingV2)fromEnvironment.CreateElasticLoadBalancingV2()).Inner;
            var explicitEndpoint = Factory(new AwsConnectionSettings { EndpointUrl = new Uri("http://127.0.0.1:1004") });
            using var explicitElb = (ElasticLoadBalancingV2Client)((FailureTranslatingElasticLoadBalancingV2)explicitEndpoint.CreateElasticLoadBalancingV2()).Inner;

            Assert.Equal("http://127.0.0.1:1001/", ec2.Config.ServiceURL);
            Assert.Equal("http://127.0.0.1:1003/", elb.Config.ServiceURL);
            Assert.Equal("http://127.0.0.1:1004/", explicitElb.Config.ServiceURL);
            Assert.Equal("eu-west-1", explicitElb.Config.AuthenticationRegion);
            Assert.Contains(reporter.VerboseMessages, m => m == "EC2 endpoint: http://127.0.0.1:1001/ (from AWS_ENDPOINT_URL_EC2).");
            Assert.Contains(reporter.VerboseMessages, m => m == "Elastic Load Balancing v2 endpoint: http://127.0.0.1:1003/ (from AWS_ENDPOINT_URL).");
            Assert.Contains(reporter.VerboseMessages, m => m.StartsWith("AWS credentials: the AWS SDK default chain found keys from the environment variables"));
        }

        [Fact]
        public void No_credentials_anywhere_is_an_authentication_error()
        {
            _environment.Set("AWS_REGION", "eu-west-1");
            var factory = Factory(new AwsConnectionSettings());

            var failure = Assert.Throws<BlueGreenException>(() => factory.CreateElasticLoadBalancingV2());

            Assert.Equal("AwsNoCredentials", failure.ErrorId);
            Assert.Equal(FailureCategory.AuthenticationError, failure.Category);
        }
    }
}
