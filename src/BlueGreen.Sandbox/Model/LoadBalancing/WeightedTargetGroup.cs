namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>One target group of a forward action and the weight of traffic it gets.</summary>
    internal sealed class WeightedTargetGroup
    {
        internal WeightedTargetGroup(string targetGroupArn, int weight)
        {
            TargetGroupArn = targetGroupArn;
            Weight = weight;
        }

        internal string TargetGroupArn { get; }

        internal int Weight { get; }
    }
}
