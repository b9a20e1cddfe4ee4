namespace BlueGreen.Aws.ElasticLoadBalancing.Model
{
    /// <summary>A listener or rule action: forward, redirect, fixed-response, authenticate-oidc or authenticate-cognito (see ActionTypeEnum).</summary>
    public sealed class Action
    {
        public string? Type { get; set; }

        /// <summary>Order of the action among the listener's or rule's actions (1-50000).</summary>
        public int? Order { get; set; }

        /// <summary>For a forward action to a single target group.</summary>
        public string? TargetGroupArn { get; set; }

        /// <summary>For a forward action to one or more weighted target groups.</summary>
        public ForwardActionConfig? ForwardConfig { get; set; }

        public RedirectActionConfig? RedirectConfig { get; set; }

        public FixedResponseActionConfig? FixedResponseConfig { get; set; }

        public AuthenticateOidcActionConfig? AuthenticateOidcConfig { get; set; }

        public AuthenticateCognitoActionConfig? AuthenticateCognitoConfig { get; set; }
    }
}
