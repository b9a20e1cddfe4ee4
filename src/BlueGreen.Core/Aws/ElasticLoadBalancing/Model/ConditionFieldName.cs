namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>
    /// The value of RuleCondition.Field that BlueGreen writes (the model's list of fields is the reference; the codec
    /// checks every value against it).
    /// </summary>
    public static class ConditionFieldName
    {
        public const string PathPattern = "path-pattern";
    }
}
