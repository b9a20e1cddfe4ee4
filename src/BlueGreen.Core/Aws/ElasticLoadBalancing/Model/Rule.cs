namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>What the model has not: IsDefault as a plain bool (ELBv2 always answers it); the other members are generated.</summary>
    public sealed partial class Rule
    {
        /// <summary>Whether this is the listener's default rule.</summary>
        public bool IsDefault { get; set; }
    }
}
