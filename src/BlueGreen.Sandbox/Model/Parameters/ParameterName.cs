using System.Text.RegularExpressions;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.Parameters
{
    /// <summary>
    /// Parameter Store's rules for parameter names and paths (SSM API 2014-11-06, <c>PSParameterName</c>): letters,
    /// digits, <c>_ . -</c> and <c>/</c> between hierarchy levels; a name with a hierarchy starts with <c>/</c>; at most
    /// 15 levels; no <c>aws</c>/<c>ssm</c> prefix (case-insensitive); at most 1011 characters counting the ARN prefix
    /// (<c>arn:aws:ssm:region:account:parameter/</c>) in front of it; 2048 at most on the wire.
    /// </summary>
    internal static class ParameterName
    {
        internal const int MaxLevels = 15;
        internal const int MaxLengthWithArn = 1011;
        internal const int MaxWireLength = 2048;

        internal const string InvalidNameMessage =
            "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_";

        internal const string InvalidPathMessage =
            "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\". It can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.";

        private static readonly Regex Segment = new Regex("^[a-zA-Z0-9_.-]+$", RegexOptions.CultureInvariant);

        /// <summary>The parameter's ARN: the name goes in without its leading slash.</summary>
        internal static string Arn(string region, string accountId, string name) =>
            $"arn:aws:ssm:{region}:{accountId}:parameter/{(name.StartsWith("/", StringComparison.Ordinal) ? name.Substring(1) : name)}";

        /// <summary>How many hierarchy levels a name has (<c>/a/b/c</c>: 3, <c>c</c>: 1).</summary>
        internal static int Levels(string name) => name.Trim('/').Split('/').Length;

        /// <summary>Throws the ValidationException AWS answers for a name no parameter can have (create or look up).</summary>
        internal static void CheckWellFormed(string? name, string member = "name")
        {
            CheckLength(name, member);
            if (name!.IndexOf('/') > 0)
            {
                throw Validation("Parameter name must be a fully qualified name.");
            }

            string[] segments = (name.StartsWith("/", StringComparison.Ordinal) ? name.Substring(1) : name).Split('/');
            if (!segments.All(s => Segment.IsMatch(s)))
            {
                throw Validation(InvalidNameMessage);
            }
        }

        /// <summary>Throws what AWS answers for a name a new parameter cannot have (reserved prefix, too deep, too long).</summary>
        internal static void CheckCreatable(string? name, string region, string accountId)
        {
            CheckWellFormed(name);
            string bare = name!.StartsWith("/", StringComparison.Ordinal) ? name.Substring(1) : name;
            if (bare.StartsWith("aws", StringComparison.OrdinalIgnoreCase) || bare.StartsWith("ssm", StringComparison.OrdinalIgnoreCase))
            {
                bool isPath = name.Count(c => c == '/') > 1;
                if (isPath && bare.StartsWith("aws", StringComparison.OrdinalIgnoreCase))
                {
                    throw new AwsErrorException("AccessDeniedException", $"No access to reserved parameter name: {name}.");
                }

                throw Validation(isPath
                    ? "Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_"
                    : "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
            }

            if (Levels(name) > MaxLevels)
            {
                throw new AwsErrorException("HierarchyLevelLimitExceededException",
                    $"A hierarchy can have a maximum of {MaxLevels} levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.");
            }

            string arn = Arn(region, accountId, name);
            if (arn.Length > MaxLengthWithArn)
            {
                throw Validation($"Parameter name is too long: with the ARN prefix '{arn.Substring(0, arn.Length - bare.Length)}' it has {arn.Length} characters; the maximum is {MaxLengthWithArn}.");
            }
        }

        /// <summary>Throws the ValidationException AWS answers for a GetParametersByPath path that is not a hierarchy.</summary>
        internal static void CheckPath(string? path)
        {
            CheckLength(path, "path");
            if (!path!.StartsWith("/", StringComparison.Ordinal))
            {
                throw Validation(InvalidPathMessage);
            }

            string inner = path.Length > 1 && path.EndsWith("/", StringComparison.Ordinal) ? path.Substring(1, path.Length - 2) : path.Substring(1);
            if (inner.Length > 0 && !inner.Split('/').All(s => Segment.IsMatch(s)))
            {
                throw Validation(InvalidPathMessage);
            }
        }

        private static void CheckLength(string? value, string member)
        {
            if (value == null)
            {
                throw Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");
            }

            if (value.Length == 0)
            {
                throw Validation($"1 validation error detected: Value '' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }

            if (value.Length > MaxWireLength)
            {
                throw Validation($"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must have length less than or equal to {MaxWireLength}");
            }
        }

        private static AwsErrorException Validation(string message) => new AwsErrorException("ValidationException", message);
    }
}
