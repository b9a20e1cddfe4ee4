using System.Text.RegularExpressions;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Model.Compute
{
    /// <summary>
    /// The EC2 instances of the sandbox and the operations on them, with EC2's validation and error codes.
    /// Callers hold <see cref="SandboxWorld.Gate"/>.
    /// </summary>
    internal sealed class ComputeState(SandboxWorld world)
    {
        private static readonly Regex InstanceIdPattern = new Regex("^i-([0-9a-f]{8}|[0-9a-f]{17})$");
        private static readonly Regex ImageIdPattern = new Regex("^ami-([0-9a-f]{8}|[0-9a-f]{17})$");
        private readonly SandboxWorld _world = world;
        private readonly Dictionary<string, KeyValuePair<string, string>> _clientTokens = new Dictionary<string, KeyValuePair<string, string>>(StringComparer.Ordinal);
        private int _launched;

        /// <summary>
        /// The most instances one RunInstances makes, and the most MinCount it accepts (InstanceLimitExceeded above):
        /// 1,000 by default, a fleet's size (real accounts have vCPU limits instead; set it lower to model one).
        /// </summary>
        internal int InstanceLimit { get; set; } = 1000;

        /// <summary>
        /// Capacity faults, one per RunInstances, in order: that call makes at most this many instances (fewer than
        /// MaxCount, as EC2 does when it has some capacity), or, below MinCount, fails with InsufficientInstanceCapacity
        /// and makes none. A call with no entry left has capacity for everything.
        /// </summary>
        internal Queue<int> Capacity { get; } = new Queue<int>();

        /// <summary>Every instance ever launched (terminated ones stay visible, as in EC2), in launch order.</summary>
        internal List<Ec2Instance> Instances { get; } = new List<Ec2Instance>();

        internal InstanceState StateOf(Ec2Instance instance)
        {
            DateTimeOffset now = _world.Now;
            if (instance.Host is IInstanceHost host)
            {
                // A real host: pending until its sshd answers, shutting-down until everything it started is gone.
                return instance.TerminatedAt != null ? (host.Stopped ? InstanceState.Terminated : InstanceState.ShuttingDown)
                    : host.RunningAt != null ? InstanceState.Running : InstanceState.Pending;
            }

            if (instance.TerminatedAt is DateTimeOffset terminated)
            {
                return now < terminated + _world.Options.InstanceShutdownTime ? InstanceState.ShuttingDown : InstanceState.Terminated;
            }

            return now < instance.LaunchTime + _world.Options.InstanceBootTime ? InstanceState.Pending : InstanceState.Running;
        }

        internal InstanceStatusCheck StatusOf(Ec2Instance instance)
        {
            if (StateOf(instance) != InstanceState.Running)
            {
                return InstanceStatusCheck.NotApplicable;
            }

            DateTimeOffset running = instance.Host?.RunningAt ?? instance.LaunchTime + _world.Options.InstanceBootTime;
            DateTimeOffset ok = running + _world.Options.InstanceStatusCheckTime;
            return _world.Now < ok ? InstanceStatusCheck.Initializing : InstanceStatusCheck.Ok;
        }

        internal Ec2Instance? Find(string instanceId) =>
            Instances.FirstOrDefault(i => string.Equals(i.InstanceId, instanceId, StringComparison.Ordinal));

        /// <summary>
        /// Launches MaxCount instances in one reservation, or, for a ClientToken seen before with the same parameters,
        /// returns that reservation's instances again.
        /// </summary>
        internal IReadOnlyList<Ec2Instance> Run(InstanceLaunchRequest request, DateTimeOffset? launchTime = null)
        {
            if (request.ClientToken != null && _clientTokens.TryGetValue(request.ClientToken, out KeyValuePair<string, string> earlier))
            {
                if (!string.Equals(earlier.Key, request.Fingerprint, StringComparison.Ordinal))
                {
                    throw new AwsErrorException("IdempotentParameterMismatch",
                        "The client token you have provided is associated with a resource that is already deleted or with a request whose parameters differ. Please use a different client token.");
                }

                return Instances.Where(i => i.ReservationId == earlier.Value).ToList();
            }

            if (string.IsNullOrEmpty(request.ImageId))
            {
                throw new AwsErrorException("MissingParameter", "The request must contain the parameter ImageId");
            }

            if (!ImageIdPattern.IsMatch(request.ImageId))
            {
                throw new AwsErrorException("InvalidAMIID.Malformed", $"Invalid id: \"{request.ImageId}\" (expecting \"ami-...\")");
            }

            if (request.MinCount < 1 || request.MaxCount < 1)
            {
                throw new AwsErrorException("InvalidParameterValue", "Value () for parameter count is invalid. Count must be at least 1.");
            }

            if (request.MinCount > request.MaxCount)
            {
                throw new AwsErrorException("InvalidParameterValue", $"Value ({request.MinCount}) for parameter minCount is invalid. minCount cannot exceed maxCount.");
            }

            if (request.MinCount > InstanceLimit)
            {
                throw new AwsErrorException("InstanceLimitExceeded",
                    $"You have requested more instances ({request.MinCount}) than your current instance limit of {InstanceLimit} allows for the specified instance type.");
            }

            int capacity = InstanceLimit;
            if (Capacity.Count > 0)
            {
                capacity = Math.Min(capacity, Capacity.Dequeue());
                if (capacity < request.MinCount)
                {
                    throw new AwsErrorException("InsufficientInstanceCapacity",
                        $"We currently do not have sufficient {request.InstanceType} capacity in the Availability Zone you requested. Our system will be working on provisioning additional capacity.");
                }
            }

            SandboxNetwork network = _world.Network;
            string subnetId = request.SubnetId ?? network.Subnets[0].Key;
            string zone = network.ZoneOfSubnet(subnetId)
                ?? throw new AwsErrorException("InvalidSubnetID.NotFound", $"The subnet ID '{subnetId}' does not exist");
            foreach (string group in request.SecurityGroupIds)
            {
                if (!string.Equals(group, network.DefaultSecurityGroupId, StringComparison.Ordinal))
                {
                    throw new AwsErrorException("InvalidGroup.NotFound", $"The security group '{group}' does not exist in VPC '{network.VpcId}'");
                }
            }

            IInstanceHosts? hosts = _world.Hosts;
            string? authorizedKey = null;
            bool loopback = false;
            if (hosts != null)
            {
                // EC2 checks the key pair; the simulated runtime accepts any KeyName, as it always has.
                authorizedKey = request.KeyName == null ? null : _world.KeyPairs.Get(request.KeyName).PublicKey;
                if (request.PrivateIpAddress != null)
                {
                    throw new AwsErrorException("InvalidParameterValue",
                        "The sandbox's host instances take their address from its pool (127.0.1.1 and up); launch them without PrivateIpAddress.");
                }
            }
            else if (request.PrivateIpAddress != null)
            {
                loopback = CheckPrivateIpAddress(request, subnetId);
            }

            string reservationId = "r-" + _world.Ids.Hex(17);
            DateTimeOffset launchedAt = launchTime ?? _world.Now;
            var launched = new List<Ec2Instance>();
            int count = Math.Min(request.MaxCount, capacity);
            IReadOnlyList<string> hostAddresses = hosts == null ? Array.Empty<string>() : hosts.AllocateAddresses(request.MinCount, count);
            count = hosts == null ? count : hostAddresses.Count;
            for (int index = 0; index < count; index++)
            {
                int host = ++_launched;
                string? hostAddress = hosts == null ? null : hostAddresses[index];
                var instance = new Ec2Instance("i-" + _world.Ids.Hex(17), reservationId, index, request.ImageId, request.InstanceType,
                    request.KeyName, subnetId, network.VpcId, zone, hostAddress ?? request.PrivateIpAddress ?? network.PrivateAddress(subnetId, host),
                    hostAddress ?? (loopback ? null : $"198.51.100.{(host % 250) + 1}"),
                    request.SecurityGroupIds.Count > 0 ? request.SecurityGroupIds : new[] { network.DefaultSecurityGroupId },
                    request.ClientToken, launchedAt);
                instance.Tags.SetAll(request.InstanceTags);
                Instances.Add(instance);
                launched.Add(instance);
                if (hosts != null)
                {
                    instance.Host = hosts.Launch(instance, authorizedKey);
                }
            }

            if (request.ClientToken != null)
            {
                _clientTokens[request.ClientToken] = new KeyValuePair<string, string>(request.Fingerprint, reservationId);
            }

            return launched;
        }

        /// <summary>
        /// Validates RunInstances' PrivateIpAddress as EC2 does (an IPv4 address of the subnet, not in use, one
        /// instance only) and returns true for the sandbox's loopback extension (127.0.0.0/8: served on this host,
        /// no public IP; any number of instances may share it, on different ports).
        /// </summary>
        private bool CheckPrivateIpAddress(InstanceLaunchRequest request, string subnetId)
        {
            string text = request.PrivateIpAddress!;
            if (!System.Net.IPAddress.TryParse(text, out System.Net.IPAddress? address)
                || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
                || address.ToString() != text)
            {
                throw new AwsErrorException("InvalidParameterValue", $"Invalid value '{text}' for parameter PrivateIpAddress: not a valid IPv4 address.");
            }

            if (address.GetAddressBytes()[0] == 127)
            {
                return true;
            }

            if (request.MaxCount > 1)
            {
                throw new AwsErrorException("InvalidParameterCombination", "Cannot specify a private IP address when launching more than one instance.");
            }

            // The subnet's /20 of 172.31.0.0/16 (see SandboxNetwork.PrivateAddress).
            int index = Math.Max(0, _world.Network.Subnets.Select(s => s.Key).ToList().IndexOf(subnetId));
            byte[] bytes = address.GetAddressBytes();
            if (bytes[0] != 172 || bytes[1] != 31 || bytes[2] / 16 != index)
            {
                throw new AwsErrorException("InvalidParameterValue", $"Address {text} does not fall within the subnet's address range");
            }

            if (Instances.Any(i => i.PrivateIpAddress == text && StateOf(i) != InstanceState.Terminated))
            {
                throw new AwsErrorException("InvalidIPAddress.InUse", $"Address {text} is in use.");
            }

            return false;
        }

        /// <summary>The instances with these ids, in the order asked; InvalidInstanceID.Malformed / .NotFound as EC2 says.</summary>
        internal IReadOnlyList<Ec2Instance> Get(IReadOnlyList<string> instanceIds)
        {
            foreach (string id in instanceIds)
            {
                if (!InstanceIdPattern.IsMatch(id))
                {
                    throw new AwsErrorException("InvalidInstanceID.Malformed", $"Invalid id: \"{id}\"");
                }
            }

            List<string> missing = instanceIds.Where(id => Find(id) == null).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count == 1)
            {
                throw new AwsErrorException("InvalidInstanceID.NotFound", $"The instance ID '{missing[0]}' does not exist");
            }

            if (missing.Count > 1)
            {
                throw new AwsErrorException("InvalidInstanceID.NotFound", $"The instance IDs '{string.Join(", ", missing)}' do not exist");
            }

            return instanceIds.Distinct(StringComparer.Ordinal).Select(id => Find(id)!).ToList();
        }

        internal bool Matches(Ec2Instance instance, InstanceFilter filter)
        {
            InstanceState state = StateOf(instance);
            string name = filter.Name;
            if (name.StartsWith("tag:", StringComparison.Ordinal))
            {
                return filter.Matches(instance.Tags[name.Substring(4)]);
            }

            return name switch
            {
                "instance-id" => filter.Matches(instance.InstanceId),
                "instance-state-name" => filter.Matches(state.Name),
                "instance-state-code" => filter.Matches(InstanceFilter.Code(state.Code)),
                "tag-key" => filter.Matches(instance.Tags.Items.Select(t => t.Key)),
                "tag-value" => filter.Matches(instance.Tags.Items.Select(t => t.Value)),
                "instance-type" => filter.Matches(instance.InstanceType),
                "image-id" => filter.Matches(instance.ImageId),
                "vpc-id" => filter.Matches(instance.VpcId),
                "subnet-id" => filter.Matches(instance.SubnetId),
                "reservation-id" => filter.Matches(instance.ReservationId),
                "client-token" => filter.Matches(instance.ClientToken),
                "availability-zone" => filter.Matches(instance.AvailabilityZone),
                "private-ip-address" => filter.Matches(instance.PrivateIpAddress),
                "ip-address" => filter.Matches(state == InstanceState.Running ? instance.PublicIpAddress : null),
                "key-name" => filter.Matches(instance.KeyName),
                "owner-id" => filter.Matches(_world.Network.AccountId),
                "launch-time" => filter.Matches(instance.LaunchTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)),
                "instance-status.status" => filter.Matches(StatusOf(instance).Summary),
                "system-status.status" => filter.Matches(StatusOf(instance).Summary),
                "instance-status.reachability" => filter.Matches(StatusOf(instance).Reachability),
                "system-status.reachability" => filter.Matches(StatusOf(instance).Reachability),
                _ => false,
            };
        }

        /// <summary>Terminates instances; returns each one's state before. Terminating twice is allowed, as in EC2.</summary>
        internal IReadOnlyList<KeyValuePair<Ec2Instance, InstanceState>> Terminate(IReadOnlyList<string> instanceIds)
        {
            IReadOnlyList<Ec2Instance> instances = Get(instanceIds);
            var changes = new List<KeyValuePair<Ec2Instance, InstanceState>>();
            foreach (Ec2Instance instance in instances)
            {
                changes.Add(new KeyValuePair<Ec2Instance, InstanceState>(instance, StateOf(instance)));
                if (instance.TerminatedAt == null)
                {
                    instance.TerminatedAt = _world.Now;
                    instance.Host?.Terminate();
                }
            }

            return changes;
        }

        internal void CreateTags(IReadOnlyList<string> resourceIds, IReadOnlyList<KeyValuePair<string, string>> tags)
        {
            foreach (string id in resourceIds)
            {
                if (!id.StartsWith("i-", StringComparison.Ordinal))
                {
                    throw new AwsErrorException("InvalidID", $"The ID '{id}' is not valid");
                }
            }

            foreach (KeyValuePair<string, string> tag in tags)
            {
                if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                {
                    throw new AwsErrorException("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
                }
            }

            IReadOnlyList<Ec2Instance> instances = Get(resourceIds);
            foreach (Ec2Instance instance in instances)
            {
                if (instance.Tags.CountAfterAdding(tags) > 50)
                {
                    throw new AwsErrorException("TagLimitExceeded", $"The maximum number of Tags for a resource has been reached. ({instance.InstanceId})");
                }
            }

            foreach (Ec2Instance instance in instances)
            {
                instance.Tags.SetAll(tags);
            }
        }

        /// <summary>The client tokens seen, with the reservation each launched (for the state snapshot).</summary>
        internal IEnumerable<KeyValuePair<string, string>> ClientTokenReservations =>
            _clientTokens.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValuePair<string, string>(t.Key, t.Value.Value));
    }
}
