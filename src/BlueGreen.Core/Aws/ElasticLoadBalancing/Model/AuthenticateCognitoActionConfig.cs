namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>An authenticate-cognito action.</summary>
    public sealed class AuthenticateCognitoActionConfig
    {
        public string? UserPoolArn { get; set; }

        public string? UserPoolClientId { get; set; }

        public string? UserPoolDomain { get; set; }

        public string? SessionCookieName { get; set; }

        public string? Scope { get; set; }

        public long? SessionTimeout { get; set; }

        public Dictionary<string, string> AuthenticationRequestExtraParams { get; set; } = new Dictionary<string, string>();

        /// <summary>deny, allow or authenticate.</summary>
        public string? OnUnauthenticatedRequest { get; set; }
    }
}
