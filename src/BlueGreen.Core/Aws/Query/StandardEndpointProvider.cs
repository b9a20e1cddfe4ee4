using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal.Endpoints.StandardLibrary;

namespace BlueGreen.Aws.Query
{
    /// <summary>
    /// The endpoint rule set ELBv2 and CloudWatch share (botocore's elbv2 and cloudwatch endpoint-rule-set-1.json, the same
    /// rules over the endpoint prefix), evaluated with the
    /// SDK's standard library: an explicit endpoint wins (FIPS and dual-stack cannot be combined with it); otherwise
    /// https://{prefix}[-fips].{Region}.{partition DNS suffix}, with the partition's dual-stack suffix when
    /// asked for, and GovCloud's FIPS endpoints being the regular ones.
    /// </summary>
    internal sealed class StandardEndpointProvider(string endpointPrefix) : IEndpointProvider
    {
        private readonly string _prefix = endpointPrefix;

        public Endpoint ResolveEndpoint(EndpointParameters parameters)
        {
            if (parameters == null)
            {
                throw new ArgumentNullException(nameof(parameters));
            }

            if (parameters["UseDualStack"] == null)
            {
                throw new AmazonClientException("UseDualStack parameter must be set for endpoint resolution");
            }

            if (parameters["UseFIPS"] == null)
            {
                throw new AmazonClientException("UseFIPS parameter must be set for endpoint resolution");
            }

            var refs = new Dictionary<string, object?>
            {
                ["Region"] = parameters["Region"],
                ["UseDualStack"] = parameters["UseDualStack"],
                ["UseFIPS"] = parameters["UseFIPS"],
                ["Endpoint"] = parameters["Endpoint"],
                ["Prefix"] = _prefix,
            };
            bool useFips = Equals(refs["UseFIPS"], true);
            bool useDualStack = Equals(refs["UseDualStack"], true);

            if (Fn.IsSet(refs["Endpoint"]))
            {
                if (useFips)
                {
                    throw new AmazonClientException("Invalid Configuration: FIPS and custom endpoint are not supported");
                }

                if (useDualStack)
                {
                    throw new AmazonClientException("Invalid Configuration: Dualstack and custom endpoint are not supported");
                }

                return new Endpoint((string)refs["Endpoint"]!);
            }

            if (!Fn.IsSet(refs["Region"]) || (refs["PartitionResult"] = Fn.Partition((string)refs["Region"]!)) == null)
            {
                throw new AmazonClientException("Invalid Configuration: Missing Region");
            }

            object partition = refs["PartitionResult"]!;
            bool supportsFips = Equals(Fn.GetAttr(partition, "supportsFIPS"), true);
            bool supportsDualStack = Equals(Fn.GetAttr(partition, "supportsDualStack"), true);
            if (useFips && useDualStack)
            {
                if (supportsFips && supportsDualStack)
                {
                    return Interpolated("https://{Prefix}-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", refs);
                }

                throw new AmazonClientException("FIPS and DualStack are enabled, but this partition does not support one or both");
            }

            if (useFips)
            {
                if (!supportsFips)
                {
                    throw new AmazonClientException("FIPS is enabled but this partition does not support FIPS");
                }

                return Equals(Fn.GetAttr(partition, "name"), "aws-us-gov")
                    ? Interpolated("https://{Prefix}.{Region}.{PartitionResult#dnsSuffix}", refs)
                    : Interpolated("https://{Prefix}-fips.{Region}.{PartitionResult#dnsSuffix}", refs);
            }

            if (useDualStack)
            {
                if (!supportsDualStack)
                {
                    throw new AmazonClientException("DualStack is enabled but this partition does not support DualStack");
                }

                return Interpolated("https://{Prefix}.{Region}.{PartitionResult#dualStackDnsSuffix}", refs);
            }

            return Interpolated("https://{Prefix}.{Region}.{PartitionResult#dnsSuffix}", refs);
        }

        private static Endpoint Interpolated(string template, Dictionary<string, object?> refs) =>
            new Endpoint(Fn.Interpolate(template, refs!));
    }
}
