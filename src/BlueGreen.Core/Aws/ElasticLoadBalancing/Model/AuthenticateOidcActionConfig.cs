namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>An authenticate-oidc action. Describe calls never return ClientSecret: to send such an action back unchanged, set UseExistingClientSecret (ElasticLoadBalancingV2Client does this for you when ClientSecret is empty).</summary>
    public sealed class AuthenticateOidcActionConfig
    {
        public string? Issuer { get; set; }

        public string? AuthorizationEndpoint { get; set; }

        public string? TokenEndpoint { get; set; }

        public string? UserInfoEndpoint { get; set; }

        public string? ClientId { get; set; }

        public string? ClientSecret { get; set; }

        public string? SessionCookieName { get; set; }

        public string? Scope { get; set; }

        public long? SessionTimeout { get; set; }

        public Dictionary<string, string> AuthenticationRequestExtraParams { get; set; } = new Dictionary<string, string>();

        /// <summary>deny, allow or authenticate.</summary>
        public string? OnUnauthenticatedRequest { get; set; }

        public bool? UseExistingClientSecret { get; set; }
    }
}
