namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>The values of Action.Type. Strings on the wire, as in the AWS SDK's constant class of the same name.</summary>
    public static class ActionTypeEnum
    {
        public const string Forward = "forward";

        public const string AuthenticateOidc = "authenticate-oidc";

        public const string AuthenticateCognito = "authenticate-cognito";

        public const string Redirect = "redirect";

        public const string FixedResponse = "fixed-response";
    }
}
