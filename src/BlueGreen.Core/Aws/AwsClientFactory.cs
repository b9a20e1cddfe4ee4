using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Internal;
using Amazon.SimpleSystemsManagement;
using BlueGreen.Aws.CloudWatch;
using BlueGreen.Aws.ParameterStore;
using BlueGreen.Aws.ElasticLoadBalancing;

namespace BlueGreen.Aws
{
    /// <summary>
    /// Makes the AWS clients BlueGreen uses from what the caller said (<see cref="AwsConnectionSettings"/>) and what the
    /// machine says, the way the AWS CLI and SDK decide:
    /// <list type="bullet">
    /// <item>credentials: the named profile (static keys, assume-role, SSO, credential_process, ...) or, without one,
    /// the SDK's default chain (environment, AWS_PROFILE/default profile, web identity, container, instance metadata);</item>
    /// <item>region: -Region, then the named profile's region, then AWS_REGION, AWS_DEFAULT_REGION, then the default
    /// profile's region; none is an error that says what to set;</item>
    /// <item>endpoint: an explicit EndpointUrl wins; otherwise the SDK applies AWS_ENDPOINT_URL_EC2 /
    /// AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 / AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL_CLOUDWATCH, then AWS_ENDPOINT_URL, then the profile's endpoint_url, then the
    /// regional endpoint.</item>
    /// </list>
    /// Where each came from is reported as verbose output; secrets never are. Failures are <see cref="BlueGreenException"/>s.
    /// </summary>
    public sealed class AwsClientFactory
    {
        private readonly AwsConnectionSettings _settings;
        private readonly IOperationReporter _reporter;
        private readonly string? _profilesLocation;
        private readonly CredentialProfileStoreChain _profiles;
        private readonly Lazy<AWSCredentials> _credentials;

        public AwsClientFactory(AwsConnectionSettings settings, IOperationReporter? reporter = null)
            : this(settings, reporter, profilesLocation: null)
        {
        }

        /// <summary>
        /// With <paramref name="profilesLocation"/>, profiles are read from that shared credentials file instead of the
        /// default files (the SDK reads AWS_SHARED_CREDENTIALS_FILE only once per process).
        /// </summary>
        internal AwsClientFactory(AwsConnectionSettings settings, IOperationReporter? reporter, string? profilesLocation)
        {
            _profilesLocation = profilesLocation;
            _profiles = profilesLocation == null ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(profilesLocation);
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _reporter = reporter ?? NullOperationReporter.Instance;
            ValidateEndpoint(_settings.EndpointUrl);
            Region = ResolveRegion();
            RequestLimiter = new AwsRequestLimiter(_settings.MaxConcurrentRequests ?? Configuration.AwsSettings.DefaultMaxConcurrentRequests);
            _credentials = new Lazy<AWSCredentials>(ResolveCredentials);
        }

        /// <summary>The HTTP layer under every client's pipeline; null: the SDK's own (tests answer calls in process with it).</summary>
        internal HttpClientFactory? HttpClientFactory { get; init; }

        /// <summary>The region every client of this factory uses (already resolved and reported).</summary>
        public string Region { get; }

        /// <summary>
        /// Bounds the AWS calls in flight at once, shared by the clients this factory makes (see
        /// <see cref="AwsConnectionSettings.MaxConcurrentRequests"/>).
        /// </summary>
        public AwsRequestLimiter RequestLimiter { get; }

        /// <summary>
        /// An Elastic Load Balancing v2 client for <see cref="Region"/> whose failures are already
        /// <see cref="BlueGreenException"/>s (see <see cref="FailureTranslatingElasticLoadBalancingV2"/>), at most
        /// <see cref="RequestLimiter"/>'s bound of calls in flight at once.
        /// </summary>
        public IElasticLoadBalancingV2 CreateElasticLoadBalancingV2()
        {
            var config = new ElasticLoadBalancingV2Config { RequestLimiter = RequestLimiter };
            Configure(config, "Elastic Load Balancing v2");
            return new FailureTranslatingElasticLoadBalancingV2(new ElasticLoadBalancingV2Client(_credentials.Value, config));
        }

        /// <summary>
        /// A CloudWatch client for <see cref="Region"/> (GetMetricData, DescribeAlarms), over the model-driven Query codec,
        /// within <see cref="RequestLimiter"/>'s bound.
        /// </summary>
        public ICloudWatch CreateCloudWatch()
        {
            var config = new CloudWatchConfig { RequestLimiter = RequestLimiter };
            Configure(config, "CloudWatch");
            return new CloudWatchClient(_credentials.Value, config);
        }

        /// <summary>An EC2 client (AWSSDK.EC2) for <see cref="Region"/>, within <see cref="RequestLimiter"/>'s bound.</summary>
        public IAmazonEC2 CreateEC2()
        {
            var config = new AmazonEC2Config();
            Configure(config, "EC2");
            return new BoundedEC2Client(_credentials.Value, config, RequestLimiter);
        }

        /// <summary>
        /// SSM Parameter Store for <see cref="Region"/> (AWSSDK.SimpleSystemsManagement), where the deployment lock and
        /// journal live, within <see cref="RequestLimiter"/>'s bound; its failures are already <see cref="BlueGreenException"/>s.
        /// </summary>
        public SsmParameterStore CreateSsmParameterStore()
        {
            var config = new AmazonSimpleSystemsManagementConfig();
            Configure(config, "SSM");
            return new SsmParameterStore(new BoundedSimpleSystemsManagementClient(_credentials.Value, config, RequestLimiter));
        }

        /// <summary>Retries after the first attempt when AWS_MAX_ATTEMPTS does not say (the SDK's default is 2).</summary>
        public const int DefaultMaxErrorRetry = 7;

        private void Configure(ClientConfig config, string serviceName)
        {
            RegionEndpoint region = RegionEndpoint.GetBySystemName(Region);
            config.RegionEndpoint = region;
            if (HttpClientFactory != null)
            {
                config.HttpClientFactory = HttpClientFactory;
            }

            if (_settings.ProfileName != null)
            {
                // The named profile's own endpoint_url / services section applies to it, as in the AWS CLI.
                config.Profile = _profilesLocation == null ? new Profile(_settings.ProfileName) : new Profile(_settings.ProfileName, _profilesLocation);
            }

            if (string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("AWS_MAX_ATTEMPTS")))
            {
                // A deployment makes a few hundred calls; the SDK's 3 attempts would let a throttled burst fail one of
                // them. Eight attempts with the standard mode's backoff (unless AWS_MAX_ATTEMPTS / max_attempts says otherwise).
                config.MaxErrorRetry = DefaultMaxErrorRetry;
            }

            string endpointSource;
            if (_settings.EndpointUrl != null)
            {
                config.ServiceURL = _settings.EndpointUrl.AbsoluteUri;
                endpointSource = "-EndpointUrl";
            }
            else
            {
                endpointSource = DescribeConfiguredEndpointSource(config);
            }

            if (!string.IsNullOrEmpty(config.ServiceURL))
            {
                // An explicit endpoint clears RegionEndpoint in the SDK: sign for the resolved region all the same.
                config.AuthenticationRegion = Region;
                _reporter.Verbose($"{serviceName} endpoint: {config.ServiceURL} (from {endpointSource}).");
            }
            else
            {
                _reporter.Verbose($"{serviceName} endpoint: the regional endpoint for {Region}.");
            }
        }

        private static string DescribeConfiguredEndpointSource(ClientConfig config)
        {
            // Reading ServiceURL makes the SDK apply its endpoint settings; name the one it used.
            string? specificVariable = "AWS_ENDPOINT_URL_" + config.ServiceId.ToUpperInvariant().Replace(' ', '_');
            if (string.IsNullOrEmpty(config.ServiceURL))
            {
                return string.Empty;
            }

            if (Environment.GetEnvironmentVariable(specificVariable) != null)
            {
                return specificVariable;
            }

            return Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") != null ? "AWS_ENDPOINT_URL" : "the endpoint_url of the AWS profile";
        }

        private string ResolveRegion()
        {
            if (!string.IsNullOrWhiteSpace(_settings.Region))
            {
                return Report(ValidRegion(_settings.Region!.Trim(), "-Region"), "-Region");
            }

            if (_settings.ProfileName != null)
            {
                CredentialProfile profile = RequireProfile(_settings.ProfileName);
                if (profile.Region != null)
                {
                    return Report(profile.Region.SystemName, $"profile '{profile.Name}'");
                }
            }

            foreach (string variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
            {
                string? value = Environment.GetEnvironmentVariable(variable);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return Report(ValidRegion(value!.Trim(), variable), variable);
                }
            }

            if (_settings.ProfileName == null)
            {
                string defaultProfile = DefaultAWSCredentialsIdentityResolver.GetProfileName();
                if (_profiles.TryGetProfile(defaultProfile, out CredentialProfile profile) && profile.Region != null)
                {
                    return Report(profile.Region.SystemName, $"profile '{profile.Name}'");
                }
            }

            string profileHint = _settings.ProfileName != null
                ? $"add 'region = <region>' to profile '{_settings.ProfileName}' in ~/.aws/config"
                : "run 'aws configure set region <region>'";
            throw new BlueGreenException("AwsRegionMissing", FailureCategory.InvalidArgument,
                $"No AWS region is set. Pass -Region (e.g. -Region eu-west-1), set AWS_REGION, or {profileHint}.",
                "Region");
        }

        private string Report(string region, string source)
        {
            _reporter.Verbose($"AWS region: {region} (from {source}).");
            return region;
        }

        private AWSCredentials ResolveCredentials()
        {
            if (_settings.ProfileName != null)
            {
                CredentialProfile profile = RequireProfile(_settings.ProfileName);
                if (!_profiles.TryGetAWSCredentials(profile.Name, out AWSCredentials credentials))
                {
                    throw new BlueGreenException("AwsProfileWithoutCredentials", FailureCategory.AuthenticationError,
                        $"AWS profile '{profile.Name}' has no usable credentials. Give it keys ('aws configure --profile {profile.Name}'), " +
                        $"a role, or SSO settings ('aws configure sso --profile {profile.Name}'), then try again.",
                        profile.Name);
                }

                _reporter.Verbose($"AWS credentials: profile '{profile.Name}' ({DescribeCredentials(credentials)}).");
                return credentials;
            }

            try
            {
                AWSCredentials credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
                _reporter.Verbose($"AWS credentials: the AWS SDK default chain found {DescribeCredentials(credentials)}.");
                return credentials;
            }
            catch (AmazonClientException ex)
            {
                throw new BlueGreenException("AwsNoCredentials", FailureCategory.AuthenticationError,
                    "No AWS credentials were found (environment variables, AWS_PROFILE or the default profile, web identity, container or instance metadata). " +
                    "Pass -ProfileName, set AWS_PROFILE, run 'aws configure' or 'aws sso login', or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
                    "Credentials", ex);
            }
        }

        private CredentialProfile RequireProfile(string profileName)
        {
            if (_profiles.TryGetProfile(profileName, out CredentialProfile profile))
            {
                return profile;
            }

            throw new BlueGreenException("AwsProfileNotFound", FailureCategory.ObjectNotFound,
                $"AWS profile '{profileName}' was not found in the shared AWS config or credentials files (~/.aws/config, ~/.aws/credentials, " +
                "or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE). Create it with 'aws configure --profile " + profileName +
                "' or 'aws configure sso --profile " + profileName + "', or pass the name of an existing profile.",
                profileName);
        }

        private static string ValidRegion(string region, string source)
        {
            foreach (char c in region)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-'))
                {
                    throw new BlueGreenException("AwsRegionInvalid", FailureCategory.InvalidArgument,
                        $"'{region}' (from {source}) is not an AWS region name. Use a name such as eu-west-1 or us-east-1.", region);
                }
            }

            return region;
        }

        private static void ValidateEndpoint(Uri? endpoint)
        {
            if (endpoint != null && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
            {
                throw new BlueGreenException("AwsEndpointInvalid", FailureCategory.InvalidArgument,
                    $"The endpoint '{endpoint}' is not an absolute http:// or https:// URL. Pass one such as http://127.0.0.1:4566.", endpoint);
            }
        }

        /// <summary>What kind of credentials these are, in words; never their values.</summary>
        private static string DescribeCredentials(AWSCredentials credentials) => credentials.GetType().Name switch
        {
            "EnvironmentVariablesAWSCredentials" => "keys from the environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
            "BasicAWSCredentials" => "static access keys",
            "SessionAWSCredentials" => "static session credentials",
            "SSOAWSCredentials" => "IAM Identity Center (SSO)",
            "AssumeRoleAWSCredentials" => "an assumed role",
            "AssumeRoleWithWebIdentityCredentials" => "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)",
            "ProcessAWSCredentials" => "credential_process",
            "ECSTaskCredentials" or "GenericContainerCredentials" => "container credentials",
            "DefaultInstanceProfileAWSCredentials" or "InstanceProfileAWSCredentials" => "the EC2 instance profile",
            string other => other,
        };

        // The SDK's EC2 and SSM clients with an AwsRequestSlotHandler in their pipelines. The limiter is kept by a field
        // initializer of the primary constructor: it runs before the SDK's base constructor, which builds the pipeline.
        private sealed class BoundedEC2Client(AWSCredentials credentials, AmazonEC2Config config, AwsRequestLimiter limiter) : AmazonEC2Client(credentials, config)
        {
            private readonly AwsRequestLimiter _limiter = limiter;

            protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline) => AwsRequestSlotHandler.AddTo(pipeline, _limiter, base.CustomizeRuntimePipeline);
        }

        private sealed class BoundedSimpleSystemsManagementClient(AWSCredentials credentials, AmazonSimpleSystemsManagementConfig config, AwsRequestLimiter limiter)
            : AmazonSimpleSystemsManagementClient(credentials, config)
        {
            private readonly AwsRequestLimiter _limiter = limiter;

            protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline) => AwsRequestSlotHandler.AddTo(pipeline, _limiter, base.CustomizeRuntimePipeline);
        }
    }
}
