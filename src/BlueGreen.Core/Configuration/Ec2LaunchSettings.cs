namespace BlueGreen.Configuration
{
    /// <summary>Settings of the EC2 provider: a launch template, or an AMI with instance settings.</summary>
    public sealed class Ec2LaunchSettings
    {
        /// <summary>Launch template id (lt-...) or name; when set, ImageId and InstanceType may come from it.</summary>
        public string? LaunchTemplate { get; set; }

        /// <summary>Launch template version ($Default, $Latest or a number).</summary>
        public string? LaunchTemplateVersion { get; set; }

        public string? ImageId { get; set; }

        public string? InstanceType { get; set; }

        public string? SubnetId { get; set; }

        public IReadOnlyList<string> SecurityGroupIds { get; set; } = Array.Empty<string>();

        public string? KeyName { get; set; }

        /// <summary>Instance profile name or ARN.</summary>
        public string? InstanceProfile { get; set; }

        /// <summary>User of the ssh:// Docker connection.</summary>
        public string SshUser { get; set; } = "ubuntu";

        /// <summary>User data (plain text; base64-encoded when sent).</summary>
        public string? UserData { get; set; }

        /// <summary>How machines are reached over ssh: host-key trust, identity, deadlines (Machines.Ec2.Ssh).</summary>
        public Ec2SshSettings Ssh { get; set; } = new Ec2SshSettings();
    }
}
