namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>
    /// The values of Action.Type that BlueGreen writes or compares against (strings on the wire; the model's
    /// ActionTypeEnum lists them all and the codec checks every value against it).
    /// </summary>
    public static class ActionTypeEnum
    {
        public const string Forward = "forward";

        public const string FixedResponse = "fixed-response";
    }
}
