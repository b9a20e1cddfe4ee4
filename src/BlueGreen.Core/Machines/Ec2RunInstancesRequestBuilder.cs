using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using BlueGreen.Configuration;

namespace BlueGreen.Machines
{
    /// <summary>
    /// The RunInstances request of one EC2 machine: one instance, the machine name as ClientToken (a retried launch
    /// never makes two), tagged Name, bluegreen:project, bluegreen:release, bluegreen:color and bluegreen:deployment
    /// (the tags of RunInstances' TagSpecifications, which EC2 writes with the launch itself); from a launch template, or an AMI with
    /// instance settings (Machines.Ec2).
    /// </summary>
    internal sealed class Ec2RunInstancesRequestBuilder(string project, Ec2LaunchSettings settings)
    {
        private readonly string _project = project;
        private readonly Ec2LaunchSettings _settings = settings;

        internal RunInstancesRequest Create(MachineLaunchRequest request) =>
            Create(request.ClientToken, 1, 1, TagsFor(request));

        /// <summary>
        /// One RunInstances for <paramref name="count"/> machines of one release and color: MinCount 1 (EC2 then makes
        /// as many as it has capacity for, and the rest is asked for again), MaxCount <paramref name="count"/>, one
        /// ClientToken, the same tags on every instance plus bluegreen:launch = the token (the names are tagged per
        /// instance after, by launch index; see <see cref="Ec2MachineProvider"/>).
        /// </summary>
        internal RunInstancesRequest CreateBatch(MachineLaunchRequest first, int count, string clientToken)
        {
            List<Tag> tags = TagsFor(first).Where(t => t.Key != "Name").ToList();
            tags.Add(new Tag(Ec2MachineProvider.LaunchTagKey, clientToken));
            return Create(clientToken, 1, count, tags);
        }

        private RunInstancesRequest Create(string clientToken, int minCount, int maxCount, List<Tag> tags)
        {
            var run = new RunInstancesRequest
            {
                MinCount = minCount,
                MaxCount = maxCount,
                ClientToken = clientToken,
                TagSpecifications = new List<TagSpecification>
                {
                    new TagSpecification { ResourceType = ResourceType.Instance, Tags = tags },
                },
            };
            if (!string.IsNullOrEmpty(_settings.LaunchTemplate))
            {
                string template = _settings.LaunchTemplate!;
                run.LaunchTemplate = template.StartsWith("lt-", StringComparison.Ordinal)
                    ? new LaunchTemplateSpecification { LaunchTemplateId = template, Version = _settings.LaunchTemplateVersion }
                    : new LaunchTemplateSpecification { LaunchTemplateName = template, Version = _settings.LaunchTemplateVersion };
            }
            else if (string.IsNullOrEmpty(_settings.ImageId) || string.IsNullOrEmpty(_settings.InstanceType))
            {
                throw new BlueGreenException("Ec2LaunchSettingsIncomplete", FailureCategory.InvalidArgument,
                    "The EC2 provider needs either Machines.Ec2.LaunchTemplate, or Machines.Ec2.ImageId and Machines.Ec2.InstanceType, in bluegreen.psd1.",
                    "Machines.Ec2");
            }

            if (!string.IsNullOrEmpty(_settings.ImageId))
            {
                run.ImageId = _settings.ImageId;
            }

            if (!string.IsNullOrEmpty(_settings.InstanceType))
            {
                run.InstanceType = InstanceType.FindValue(_settings.InstanceType);
            }

            if (!string.IsNullOrEmpty(_settings.SubnetId))
            {
                run.SubnetId = _settings.SubnetId;
            }

            if (_settings.SecurityGroupIds.Count > 0)
            {
                run.SecurityGroupIds = _settings.SecurityGroupIds.ToList();
            }

            if (!string.IsNullOrEmpty(_settings.KeyName))
            {
                run.KeyName = _settings.KeyName;
            }

            if (!string.IsNullOrEmpty(_settings.InstanceProfile))
            {
                string profile = _settings.InstanceProfile!;
                run.IamInstanceProfile = profile.StartsWith("arn:", StringComparison.Ordinal)
                    ? new IamInstanceProfileSpecification { Arn = profile }
                    : new IamInstanceProfileSpecification { Name = profile };
            }

            if (!string.IsNullOrEmpty(_settings.UserData))
            {
                run.UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(_settings.UserData));
            }

            return run;
        }

        private List<Tag> TagsFor(MachineLaunchRequest request)
        {
            var tags = new List<Tag>
            {
                new Tag("Name", request.Name),
                new Tag(ProjectConfiguration.ProjectTagKey, _project),
            };
            if (!string.IsNullOrEmpty(request.Release))
            {
                tags.Add(new Tag(ProjectConfiguration.ReleaseTagKey, request.Release));
            }

            if (!string.IsNullOrEmpty(request.Color))
            {
                // The app learns its color from BLUEGREEN_COLOR (as a Local machine's does): kept with the instance.
                tags.Add(new Tag(ProjectConfiguration.ColorTagKey, request.Color));
            }

            if (!string.IsNullOrEmpty(request.Deployment))
            {
                // With the launch, not after it: an instance whose Name tag was never written is still the deployment's.
                tags.Add(new Tag(ProjectConfiguration.DeploymentTagKey, request.Deployment));
            }

            return tags;
        }
    }
}
