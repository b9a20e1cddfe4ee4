using BlueGreen.Aws.Protocol;

namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>What the model has not: a request for a copy of a target group; the members are generated.</summary>
    public sealed partial class CreateTargetGroupRequest
    {
        /// <summary>
        /// A request with the settings of <paramref name="group"/>: every member its TargetGroup shape shares with
        /// CreateTargetGroupInput (protocol, port, VPC, target type, IP address type, health check and matcher), bound by name.
        /// </summary>
        public static CreateTargetGroupRequest CopyOf(TargetGroup group) =>
            ShapeBinding.FromNode<CreateTargetGroupRequest>(ShapeBinding.ToNode(group ?? throw new ArgumentNullException(nameof(group))));
    }
}
