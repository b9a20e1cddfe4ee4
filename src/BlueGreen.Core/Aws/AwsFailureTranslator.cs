using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Amazon.Runtime;

namespace BlueGreen.Aws
{
    /// <summary>
    /// The one place where AWS SDK failures become <see cref="BlueGreenException"/>s, so nothing above the engine (the
    /// cmdlets load in another assembly load context) ever sees an AWS SDK type. Error ids are stable: "Aws" followed by
    /// the AWS error code without punctuation (AwsLoadBalancerNotFound, AwsThrottling, AwsInvalidInstanceIDNotFound), or
    /// AwsConnectionFailed, AwsTimeout, AwsNoCredentials, AwsClientError for failures that never reached AWS.
    /// </summary>
    public static class AwsFailureTranslator
    {
        /// <summary>Runs one AWS call; an AWS failure is rethrown translated. Cancellation passes through untouched.</summary>
        public static async Task<T> InvokeAsync<T>(string operation, object? target, Func<Task<T>> call)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsAwsFailure(ex))
            {
                throw Translate(ex, operation, target);
            }
        }

        /// <summary>Runs one AWS call without a result; an AWS failure is rethrown translated.</summary>
        public static async Task InvokeAsync(string operation, object? target, Func<Task> call)
        {
            try
            {
                await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsAwsFailure(ex))
            {
                throw Translate(ex, operation, target);
            }
        }

        /// <summary>True for the failures <see cref="Translate"/> knows: AWS service errors, SDK client errors, network failures.</summary>
        public static bool IsAwsFailure(Exception exception) =>
            exception is AmazonServiceException || exception is AmazonClientException || exception is HttpRequestException || exception is WebException || exception is SocketException;

        /// <summary>
        /// The BlueGreen form of an AWS failure of <paramref name="operation"/> (e.g. "ModifyListener"), about
        /// <paramref name="target"/> (an ARN, a name).
        /// </summary>
        public static BlueGreenException Translate(Exception exception, string operation, object? target = null)
        {
            if (exception == null)
            {
                throw new ArgumentNullException(nameof(exception));
            }

            if (exception is AmazonServiceException service && !string.IsNullOrEmpty(service.ErrorCode))
            {
                return TranslateServiceError(service, operation, target);
            }

            if (exception is AmazonServiceException unnamed && (int)unnamed.StatusCode >= 500)
            {
                return new BlueGreenException("AwsServiceUnavailable", FailureCategory.ResourceUnavailable,
                    $"AWS answered {operation} with HTTP {(int)unnamed.StatusCode} after the SDK's retries. Try again later. ({unnamed.Message})", target, exception);
            }

            if (FindConnectionFailure(exception) is Exception connection)
            {
                return new BlueGreenException("AwsConnectionFailed", FailureCategory.ConnectionError,
                    $"{operation} could not reach AWS: {connection.Message} Check the network, the region, and any -EndpointUrl / AWS_ENDPOINT_URL* setting.",
                    target, exception);
            }

            if (FindTimeout(exception) is Exception)
            {
                return new BlueGreenException("AwsTimeout", FailureCategory.OperationTimeout,
                    $"{operation} timed out waiting for AWS. Check the network and the endpoint, then try again.", target, exception);
            }

            if (exception.Message.IndexOf("credentials", StringComparison.OrdinalIgnoreCase) >= 0 ||
                exception.Message.IndexOf("SSO", StringComparison.Ordinal) >= 0 ||
                exception.Message.IndexOf("token", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new BlueGreenException("AwsNoCredentials", FailureCategory.AuthenticationError,
                    $"{operation} could not get AWS credentials: {FirstLine(exception.Message)} Pass -ProfileName, set AWS_PROFILE, run 'aws configure' or 'aws sso login', or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
                    target, exception);
            }

            return new BlueGreenException("AwsClientError", FailureCategory.NotSpecified,
                $"{operation} failed before reaching AWS: {FirstLine(exception.Message)}", target, exception);
        }

        private static BlueGreenException TranslateServiceError(AmazonServiceException exception, string operation, object? target)
        {
            string code = exception.ErrorCode;
            string errorId = "Aws" + StripPunctuation(code);
            string what = $"AWS refused {operation}: {exception.Message} (error {code}{(string.IsNullOrEmpty(exception.RequestId) ? string.Empty : ", request " + exception.RequestId)}).";
            (FailureCategory category, string advice) = Classify(code, (int)exception.StatusCode, operation);
            return new BlueGreenException(errorId, category, what + " " + advice, target, exception);
        }

        private static (FailureCategory Category, string Advice) Classify(string code, int status, string operation)
        {
            switch (code)
            {
                case "Throttling":
                case "ThrottlingException":
                case "ThrottledException":
                case "RequestThrottled":
                case "RequestThrottledException":
                case "RequestLimitExceeded":
                case "TooManyRequestsException":
                case "SlowDown":
                case "PriorRequestNotComplete":
                case "TooManyUpdates":
                    return (FailureCategory.ResourceBusy, "AWS is throttling this account and the SDK's retries ran out. Wait a little and run it again, or make fewer calls at once.");
                case "AccessDenied":
                case "AccessDeniedException":
                case "UnauthorizedOperation":
                case "AuthorizationError":
                case "Forbidden":
                    return (FailureCategory.PermissionDenied, $"The credentials in use may not call {operation}. Grant the IAM permission for it (see the message), or use another profile with -ProfileName.");
                case "InvalidClientTokenId":
                case "UnrecognizedClientException":
                case "SignatureDoesNotMatch":
                case "IncompleteSignature":
                case "MissingAuthenticationToken":
                case "AuthFailure":
                case "InvalidAccessKeyId":
                case "ExpiredToken":
                case "ExpiredTokenException":
                case "RequestExpired":
                    return (FailureCategory.AuthenticationError, "AWS did not accept the credentials. Refresh them ('aws sso login', new keys, or another -ProfileName) and check the machine clock.");
                case "ValidationError":
                case "ValidationException":
                case "InvalidParameter":
                case "InvalidParameterValue":
                case "InvalidParameterCombination":
                case "MissingParameter":
                case "InvalidTarget":
                case "InvalidScheme":
                case "InvalidSubnet":
                case "InvalidSecurityGroup":
                case "InvalidLoadBalancerAction":
                case "IncompatibleProtocols":
                case "UnsupportedProtocol":
                case "ParameterPatternMismatchException":
                case "HierarchyLevelLimitExceededException":
                case "HierarchyTypeMismatchException":
                case "UnsupportedParameterType":
                case "InvalidNextToken":
                    return (FailureCategory.InvalidArgument, "Fix the value the message names and try again.");
                case "InvalidConfigurationRequest":
                case "OperationNotPermitted":
                case "IncorrectState":
                case "IncorrectInstanceState":
                    return (FailureCategory.InvalidOperation, "The resource is not in a state that allows this; see the message.");
                case "ResourceInUse":
                case "PriorityInUse":
                case "DependencyViolation":
                    return (FailureCategory.ResourceBusy, "Something else still uses or holds this resource; release it first.");
                case "HealthUnavailable":
                case "ServiceUnavailable":
                case "InternalFailure":
                case "InternalError":
                case "InternalServerError":
                case "Unavailable":
                    return (FailureCategory.ResourceUnavailable, "AWS could not serve the request after the SDK's retries. Try again later.");
            }

            if (code.EndsWith("NotFound", StringComparison.Ordinal) || code.EndsWith(".NotFound", StringComparison.Ordinal) || code.StartsWith("NoSuch", StringComparison.Ordinal))
            {
                return (FailureCategory.ObjectNotFound, "Check the name or ARN, the region and the account (profile) in use.");
            }

            if (code.StartsWith("Duplicate", StringComparison.Ordinal) || code.EndsWith("AlreadyExists", StringComparison.Ordinal) || code.EndsWith(".Duplicate", StringComparison.Ordinal))
            {
                return (FailureCategory.ResourceExists, "It already exists; use the existing one or choose another name.");
            }

            if (code.StartsWith("TooMany", StringComparison.Ordinal) || code.IndexOf("LimitExceeded", StringComparison.Ordinal) >= 0 || code.EndsWith("Limit", StringComparison.Ordinal))
            {
                return (FailureCategory.LimitsExceeded, "An AWS quota is reached. Remove unused resources or ask AWS for a higher quota.");
            }

            if (status >= 500)
            {
                return (FailureCategory.ResourceUnavailable, "AWS could not serve the request after the SDK's retries. Try again later.");
            }

            return (FailureCategory.NotSpecified, "See the AWS message for what to change.");
        }

        private static Exception? FindConnectionFailure(Exception exception)
        {
            for (Exception? current = exception; current != null; current = current.InnerException)
            {
                if (current is HttpRequestException || current is SocketException || current is WebException)
                {
                    return current;
                }
            }

            return null;
        }

        private static Exception? FindTimeout(Exception exception)
        {
            for (Exception? current = exception; current != null; current = current.InnerException)
            {
                if (current is TimeoutException || current is TaskCanceledException)
                {
                    return current;
                }
            }

            return null;
        }

        private static string StripPunctuation(string code)
        {
            var id = new System.Text.StringBuilder(code.Length);
            foreach (char c in code)
            {
                if (char.IsLetterOrDigit(c))
                {
                    id.Append(c);
                }
            }

            return id.ToString();
        }

        private static string FirstLine(string message)
        {
            int end = message.IndexOfAny(new[] { '\r', '\n' });
            return (end < 0 ? message : message.Substring(0, end)).Trim();
        }
    }
}
