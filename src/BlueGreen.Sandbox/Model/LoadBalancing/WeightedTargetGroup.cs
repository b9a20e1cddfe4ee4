namespace BlueGreen.Sandbox.Model.LoadBalancing
{
    /// <summary>One target group of a forward action and the weight of traffic it gets.</summary>
    internal sealed record WeightedTargetGroup(string TargetGroupArn, int Weight);
}
