namespace BlueGreen.Aws.CloudWatch.Model
{
    /// <summary>A name/value pair that identifies a metric (e.g. TargetGroup = targetgroup/shop-blue/73e2d6bc24d8a067).</summary>
    public sealed class Dimension
    {
        public string? Name { get; set; }

        public string? Value { get; set; }
    }
}
