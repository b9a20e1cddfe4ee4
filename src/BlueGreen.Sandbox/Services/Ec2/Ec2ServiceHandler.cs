using System.Globalization;
using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Services.Ec2
{
    /// <summary>
    /// Amazon EC2 (API version 2016-11-15) over the EC2 Query protocol: lists as <c>InstanceId.N</c>,
    /// <c>Filter.N.Value.M</c>, <c>TagSpecification.N.Tag.M.Key</c>; answers <c>&lt;XResponse&gt;&lt;requestId&gt;...</c> or
    /// <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c> with EC2's codes.
    /// </summary>
    internal sealed class Ec2ServiceHandler : IAwsServiceHandler
    {
        internal const string XmlNamespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

        internal delegate void ActionHandler(QueryParameters parameters, SandboxWorld world, Ec2ResponseWriter writer, XmlDocumentWriter xml);

        private readonly Dictionary<string, ActionHandler> _actions;

        internal Ec2ServiceHandler()
        {
            _actions = new Dictionary<string, ActionHandler>(StringComparer.Ordinal)
            {
                ["RunInstances"] = RunInstances,
                ["DescribeInstances"] = DescribeInstances,
                ["TerminateInstances"] = TerminateInstances,
                ["CreateTags"] = CreateTags,
                ["DescribeInstanceStatus"] = DescribeInstanceStatus,
                ["GetConsoleOutput"] = Ec2HostActions.GetConsoleOutput,
                ["ImportKeyPair"] = Ec2HostActions.ImportKeyPair,
                ["CreateKeyPair"] = Ec2HostActions.CreateKeyPair,
                ["DescribeKeyPairs"] = Ec2HostActions.DescribeKeyPairs,
                ["DeleteKeyPair"] = Ec2HostActions.DeleteKeyPair,
            };
        }

        public string SigningName => "ec2";

        public string ApiVersion => "2016-11-15";

        public IReadOnlyCollection<string> Actions => _actions.Keys;

        public QueryResponse Handle(QueryRequest request, SandboxWorld world)
        {
            string action = request.Action ?? string.Empty;
            if (!_actions.TryGetValue(action, out ActionHandler? handler))
            {
                throw new AwsErrorException("InvalidAction", $"The action {action} is not valid for this web service.");
            }

            if (Bool(request.Parameters, "DryRun") == true)
            {
                throw new AwsErrorException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
            }

            using var xml = new XmlDocumentWriter(action + "Response", XmlNamespace);
            xml.Element("requestId", request.RequestId);
            lock (world.Gate)
            {
                handler(request.Parameters, world, new Ec2ResponseWriter(xml, world), xml);
            }

            return new QueryResponse(200, xml.Finish());
        }

        public QueryResponse RenderError(AwsErrorException error, string requestId)
        {
            using var xml = new XmlDocumentWriter("Response", string.Empty);
            xml.Start("Errors");
            xml.Start("Error");
            xml.Element("Code", error.Code);
            xml.Element("Message", error.Message);
            xml.End();
            xml.End();
            xml.Element("RequestID", requestId);
            return new QueryResponse(error.HttpStatus, xml.Finish(), errorCode: error.Code);
        }

        private static void RunInstances(QueryParameters p, SandboxWorld world, Ec2ResponseWriter writer, XmlDocumentWriter xml)
        {
            var tags = new List<KeyValuePair<string, string>>();
            foreach (QueryParameters specification in p.Items("TagSpecification"))
            {
                string resourceType = specification["ResourceType"]
                    ?? throw new AwsErrorException("InvalidParameterValue", "Tag specification resource type must have a value");
                if (resourceType == "instance")
                {
                    tags.AddRange(Tags(specification));
                }
                else if (resourceType != "volume" && resourceType != "network-interface")
                {
                    throw new AwsErrorException("InvalidParameterValue", $"'{resourceType}' is not a valid taggable resource type for this operation.");
                }
            }

            if (tags.GroupBy(t => t.Key, StringComparer.Ordinal).Any(g => g.Count() > 1))
            {
                throw new AwsErrorException("InvalidParameterValue", "The same tag key cannot be specified more than once for a resource");
            }

            var request = new InstanceLaunchRequest
            {
                ImageId = p["ImageId"] ?? string.Empty,
                InstanceType = p["InstanceType"] ?? "m1.small",
                MinCount = Int(p, "MinCount") ?? throw Missing("MinCount"),
                MaxCount = Int(p, "MaxCount") ?? throw Missing("MaxCount"),
                KeyName = p["KeyName"],
                SubnetId = p["SubnetId"],
                SecurityGroupIds = p.Values("SecurityGroupId"),
                PrivateIpAddress = string.IsNullOrEmpty(p["PrivateIpAddress"]) ? null : p["PrivateIpAddress"],
                InstanceTags = tags,
                ClientToken = string.IsNullOrEmpty(p["ClientToken"]) ? null : p["ClientToken"],
                Fingerprint = p.Fingerprint("Action", "Version", "ClientToken", "DryRun"),
            };
            if (request.ClientToken != null && request.ClientToken.Length > 64)
            {
                throw new AwsErrorException("InvalidParameterValue", "The client token must be at most 64 ASCII characters");
            }

            writer.ReservationMembers(world.Compute.Run(request));
        }

        private static void DescribeInstances(QueryParameters p, SandboxWorld world, Ec2ResponseWriter writer, XmlDocumentWriter xml)
        {
            List<Ec2Instance> matches = Select(p, world, forInstanceStatus: false).ToList();
            writer.Reservations(Page(p, matches, out string? next));
            xml.Element("nextToken", next);
        }

        private static void DescribeInstanceStatus(QueryParameters p, SandboxWorld world, Ec2ResponseWriter writer, XmlDocumentWriter xml)
        {
            bool all = Bool(p, "IncludeAllInstances") ?? false;
            List<Ec2Instance> matches = Select(p, world, forInstanceStatus: true)
                .Where(i => all || world.Compute.StateOf(i) == InstanceState.Running)
                .ToList();
            writer.InstanceStatuses(Page(p, matches, out string? next));
            xml.Element("nextToken", next);
        }

        private static void TerminateInstances(QueryParameters p, SandboxWorld world, Ec2ResponseWriter writer, XmlDocumentWriter xml)
        {
            IReadOnlyList<string> ids = p.Values("InstanceId");
            if (ids.Count == 0)
            {
                throw Missing("InstanceId");
            }

            writer.StateChanges(world.Compute.Terminate(ids));
        }

        private static void CreateTags(QueryParameters p, SandboxWorld world, Ec2ResponseWriter writer, XmlDocumentWriter xml)
        {
            IReadOnlyList<string> resources = p.Values("ResourceId");
            if (resources.Count == 0)
            {
                throw Missing("ResourceId");
            }

            IReadOnlyList<KeyValuePair<string, string>> tags = Tags(p);
            if (tags.Count == 0)
            {
                throw Missing("Tag");
            }

            world.Compute.CreateTags(resources, tags);
            xml.Element("return", true);
        }

        /// <summary>Instances by InstanceId.N (all must exist) and Filter.N, in launch order.</summary>
        private static IEnumerable<Ec2Instance> Select(QueryParameters p, SandboxWorld world, bool forInstanceStatus)
        {
            IReadOnlyList<string> ids = p.Values("InstanceId");
            IReadOnlyList<InstanceFilter> filters = InstanceFilter.Parse(p, forInstanceStatus);
            if (ids.Count > 0 && p["MaxResults"] != null)
            {
                throw new AwsErrorException("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults");
            }

            IEnumerable<Ec2Instance> candidates = ids.Count > 0 ? world.Compute.Get(ids) : world.Compute.Instances;
            return candidates.Where(i => filters.All(f => world.Compute.Matches(i, f)));
        }

        /// <summary>One page by NextToken and MaxResults (5-1000).</summary>
        private static IReadOnlyList<Ec2Instance> Page(QueryParameters p, IReadOnlyList<Ec2Instance> all, out string? next)
        {
            int? maxResults = Int(p, "MaxResults");
            if (maxResults != null && (maxResults < 5 || maxResults > 1000))
            {
                throw new AwsErrorException("InvalidParameterValue",
                    $"Value ( {maxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
            }

            return Pagination.Page(all, string.IsNullOrEmpty(p["NextToken"]) ? null : p["NextToken"], maxResults,
                token => new AwsErrorException("InvalidPaginationToken", $"Invalid pagination token: {token}"), out next);
        }

        internal static IReadOnlyList<KeyValuePair<string, string>> Tags(QueryParameters p)
        {
            var tags = new List<KeyValuePair<string, string>>();
            foreach (QueryParameters tag in p.Items("Tag"))
            {
                string key = tag["Key"] ?? throw new AwsErrorException("InvalidParameterValue", "Tag key must have a value");
                if (key.Length == 0 || key.Length > 128 || (tag["Value"]?.Length ?? 0) > 256)
                {
                    throw new AwsErrorException("InvalidParameterValue", $"Tag key '{key}' must be 1-128 characters and its value at most 256 characters");
                }

                tags.Add(new KeyValuePair<string, string>(key, tag["Value"] ?? string.Empty));
            }

            return tags;
        }

        private static int? Int(QueryParameters p, string member)
        {
            string? text = p[member];
            if (text == null)
            {
                return null;
            }

            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
                ? value
                : throw new AwsErrorException("InvalidParameterValue", $"Value ({text}) for parameter {member} is invalid. Expecting an integer.");
        }

        internal static bool? Bool(QueryParameters p, string member)
        {
            string? text = p[member];
            return text == null ? (bool?)null : string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
        }

        internal static AwsErrorException Missing(string parameter) =>
            new AwsErrorException("MissingParameter", $"The request must contain the parameter {parameter}");
    }
}
