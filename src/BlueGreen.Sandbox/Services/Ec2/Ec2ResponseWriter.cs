using BlueGreen.Sandbox.Model;
using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Protocol;

namespace BlueGreen.Sandbox.Services.Ec2
{
    /// <summary>
    /// Writes EC2 shapes (service-2.json, 2016-11-15) in the EC2 protocol's XML: members by their locationName
    /// (<c>instancesSet</c>, <c>instanceState</c>, <c>tagSet</c>), list items as <c>&lt;item&gt;</c>.
    /// </summary>
    internal sealed class Ec2ResponseWriter(XmlDocumentWriter xml, SandboxWorld world)
    {
        private readonly XmlDocumentWriter _xml = xml;
        private readonly SandboxWorld _world = world;

        /// <summary>A Reservation's members (reservationId, ownerId, groupSet, instancesSet) for the given instances.</summary>
        internal void ReservationMembers(IReadOnlyList<Ec2Instance> instances)
        {
            _xml.Element("reservationId", instances[0].ReservationId);
            _xml.Element("ownerId", _world.Network.AccountId);
            _xml.Start("groupSet");
            _xml.End();
            _xml.Start("instancesSet");
            foreach (Ec2Instance instance in instances)
            {
                Instance(instance);
            }

            _xml.End();
        }

        internal void Reservations(IReadOnlyList<Ec2Instance> instances)
        {
            _xml.Start("reservationSet");
            // Consecutive instances of one reservation are reported together, as one reservation item.
            int start = 0;
            while (start < instances.Count)
            {
                int end = start;
                while (end + 1 < instances.Count && instances[end + 1].ReservationId == instances[start].ReservationId)
                {
                    end++;
                }

                _xml.Start("item");
                ReservationMembers(instances.Skip(start).Take(end - start + 1).ToList());
                _xml.End();
                start = end + 1;
            }

            _xml.End();
        }

        internal void StateChanges(IEnumerable<KeyValuePair<Ec2Instance, InstanceState>> changes)
        {
            _xml.Start("instancesSet");
            foreach (KeyValuePair<Ec2Instance, InstanceState> change in changes)
            {
                _xml.Start("item");
                _xml.Element("instanceId", change.Key.InstanceId);
                State("currentState", _world.Compute.StateOf(change.Key));
                State("previousState", change.Value);
                _xml.End();
            }

            _xml.End();
        }

        internal void InstanceStatuses(IEnumerable<Ec2Instance> instances)
        {
            _xml.Start("instanceStatusSet");
            foreach (Ec2Instance instance in instances)
            {
                InstanceStatusCheck check = _world.Compute.StatusOf(instance);
                _xml.Start("item");
                _xml.Element("instanceId", instance.InstanceId);
                _xml.Element("availabilityZone", instance.AvailabilityZone);
                State("instanceState", _world.Compute.StateOf(instance));
                StatusSummary("systemStatus", check);
                StatusSummary("instanceStatus", check);
                _xml.End();
            }

            _xml.End();
        }

        private void StatusSummary(string element, InstanceStatusCheck check)
        {
            _xml.Start(element);
            _xml.Element("status", check.Summary);
            _xml.Start("details");
            if (check.Reachability != null)
            {
                _xml.Start("item");
                _xml.Element("name", "reachability");
                _xml.Element("status", check.Reachability);
                _xml.End();
            }

            _xml.End();
            _xml.End();
        }

        private void Instance(Ec2Instance instance)
        {
            InstanceState state = _world.Compute.StateOf(instance);
            bool running = state == InstanceState.Running || state == InstanceState.Pending;
            string dnsSuffix = _world.Network.Region == "us-east-1" ? "ec2.internal" : _world.Network.Region + ".compute.internal";
            _xml.Start("item");
            _xml.Element("instanceId", instance.InstanceId);
            _xml.Element("imageId", instance.ImageId);
            State("instanceState", state);
            _xml.Element("privateDnsName", running ? $"ip-{instance.PrivateIpAddress.Replace('.', '-')}.{dnsSuffix}" : string.Empty);
            _xml.Element("dnsName", state == InstanceState.Running && instance.PublicIpAddress != null ? $"ec2-{instance.PublicIpAddress.Replace('.', '-')}.compute-1.amazonaws.com" : string.Empty);
            _xml.Element("reason", instance.TerminatedAt == null ? string.Empty : "User initiated");
            _xml.Element("keyName", instance.KeyName);
            _xml.Element("amiLaunchIndex", instance.AmiLaunchIndex);
            _xml.Start("productCodes");
            _xml.End();
            _xml.Element("instanceType", instance.InstanceType);
            _xml.Element("launchTime", instance.LaunchTime);
            _xml.Start("placement");
            _xml.Element("availabilityZone", instance.AvailabilityZone);
            _xml.Element("groupName", string.Empty);
            _xml.Element("tenancy", "default");
            _xml.End();
            _xml.Start("monitoring");
            _xml.Element("state", "disabled");
            _xml.End();
            if (running)
            {
                _xml.Element("subnetId", instance.SubnetId);
                _xml.Element("vpcId", instance.VpcId);
                _xml.Element("privateIpAddress", instance.PrivateIpAddress);
            }

            if (state == InstanceState.Running && instance.PublicIpAddress != null)
            {
                _xml.Element("ipAddress", instance.PublicIpAddress);
            }

            _xml.Element("sourceDestCheck", true);
            _xml.Start("groupSet");
            foreach (string group in instance.SecurityGroupIds)
            {
                _xml.Start("item");
                _xml.Element("groupId", group);
                _xml.Element("groupName", group == _world.Network.DefaultSecurityGroupId ? "default" : group);
                _xml.End();
            }

            _xml.End();
            if (instance.TerminatedAt != null)
            {
                _xml.Start("stateReason");
                _xml.Element("code", "Client.UserInitiatedShutdown");
                _xml.Element("message", "Client.UserInitiatedShutdown: User initiated shutdown");
                _xml.End();
            }

            _xml.Element("architecture", "x86_64");
            _xml.Element("rootDeviceType", "ebs");
            _xml.Element("rootDeviceName", "/dev/xvda");
            _xml.Start("blockDeviceMapping");
            _xml.End();
            _xml.Element("virtualizationType", "hvm");
            _xml.Element("clientToken", instance.ClientToken ?? string.Empty);
            if (instance.Tags.Count > 0)
            {
                _xml.Start("tagSet");
                foreach (KeyValuePair<string, string> tag in instance.Tags.Items)
                {
                    _xml.Start("item");
                    _xml.Element("key", tag.Key);
                    _xml.Element("value", tag.Value);
                    _xml.End();
                }

                _xml.End();
            }

            _xml.Element("hypervisor", "xen");
            _xml.Element("ebsOptimized", false);
            _xml.Element("enaSupport", true);
            _xml.End();
        }

        private void State(string element, InstanceState state)
        {
            _xml.Start(element);
            _xml.Element("code", state.Code);
            _xml.Element("name", state.Name);
            _xml.End();
        }
    }
}
