namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>Elastic Load Balancing v2 answers in the shapes AWS sends (API reference examples, service model member names).</summary>
    internal static class RecordedResponses
    {
        internal const string Namespace = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

        internal const string LoadBalancerArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188";
        internal const string BlueArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-blue/73e2d6bc24d8a067";
        internal const string GreenArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-green/2453ed029918f21f";
        internal const string HttpListenerArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2";
        internal const string RuleArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee";

        internal static string DescribeLoadBalancers(string? nextMarker, params string[] names)
        {
            var members = new System.Text.StringBuilder();
            foreach (string name in names)
            {
                members.Append($@"
      <member>
        <LoadBalancerArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/{name}/50dc6c495c0c9188</LoadBalancerArn>
        <Scheme>internet-facing</Scheme>
        <LoadBalancerName>{name}</LoadBalancerName>
        <VpcId>vpc-3ac0fb5f</VpcId>
        <CanonicalHostedZoneId>Z2P70J7EXAMPLE</CanonicalHostedZoneId>
        <CreatedTime>2016-03-25T21:26:12.920Z</CreatedTime>
        <AvailabilityZones>
          <member><SubnetId>subnet-8360a9e7</SubnetId><ZoneName>eu-west-1a</ZoneName></member>
          <member><SubnetId>subnet-b7d581c0</SubnetId><ZoneName>eu-west-1b</ZoneName></member>
        </AvailabilityZones>
        <SecurityGroups><member>sg-5943793c</member></SecurityGroups>
        <DNSName>{name}-424835706.eu-west-1.elb.amazonaws.com</DNSName>
        <State><Code>active</Code></State>
        <Type>application</Type>
        <IpAddressType>ipv4</IpAddressType>
      </member>");
            }

            string marker = nextMarker == null ? string.Empty : $"<NextMarker>{nextMarker}</NextMarker>";
            return $@"<DescribeLoadBalancersResponse xmlns=""{Namespace}"">
  <DescribeLoadBalancersResult>
    <LoadBalancers>{members}
    </LoadBalancers>
    {marker}
  </DescribeLoadBalancersResult>
  <ResponseMetadata>
    <RequestId>6581c0ac-f39f-11e5-bb98-57195a6eb84a</RequestId>
  </ResponseMetadata>
</DescribeLoadBalancersResponse>";
        }

        internal const string DescribeTargetGroups = @"<DescribeTargetGroupsResponse xmlns=""http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"">
  <DescribeTargetGroupsResult>
    <TargetGroups>
      <member>
        <TargetGroupArn>" + BlueArn + @"</TargetGroupArn>
        <HealthCheckTimeoutSeconds>5</HealthCheckTimeoutSeconds>
        <HealthCheckPort>traffic-port</HealthCheckPort>
        <Matcher><HttpCode>200</HttpCode></Matcher>
        <TargetGroupName>shop-blue</TargetGroupName>
        <HealthCheckProtocol>HTTP</HealthCheckProtocol>
        <HealthCheckPath>/health/</HealthCheckPath>
        <Protocol>HTTP</Protocol>
        <Port>80</Port>
        <VpcId>vpc-3ac0fb5f</VpcId>
        <HealthyThresholdCount>5</HealthyThresholdCount>
        <HealthCheckIntervalSeconds>30</HealthCheckIntervalSeconds>
        <HealthCheckEnabled>true</HealthCheckEnabled>
        <LoadBalancerArns><member>" + LoadBalancerArn + @"</member></LoadBalancerArns>
        <UnhealthyThresholdCount>2</UnhealthyThresholdCount>
        <TargetType>instance</TargetType>
        <ProtocolVersion>HTTP1</ProtocolVersion>
        <IpAddressType>ipv4</IpAddressType>
      </member>
      <member>
        <TargetGroupArn>" + GreenArn + @"</TargetGroupArn>
        <TargetGroupName>shop-green</TargetGroupName>
        <Protocol>HTTP</Protocol>
        <Port>80</Port>
        <VpcId>vpc-3ac0fb5f</VpcId>
        <LoadBalancerArns/>
        <TargetType>instance</TargetType>
      </member>
    </TargetGroups>
  </DescribeTargetGroupsResult>
  <ResponseMetadata><RequestId>70092c0e-f3a9-11e5-ae48-cff02092876b</RequestId></ResponseMetadata>
</DescribeTargetGroupsResponse>";

        /// <summary>An HTTP listener forwarding 90/10 with stickiness, an HTTPS one forwarding to blue, and an HTTP→HTTPS redirect.</summary>
        internal const string DescribeListeners = @"<DescribeListenersResponse xmlns=""http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"">
  <DescribeListenersResult>
    <Listeners>
      <member>
        <LoadBalancerArn>" + LoadBalancerArn + @"</LoadBalancerArn>
        <Protocol>HTTP</Protocol>
        <Port>80</Port>
        <ListenerArn>" + HttpListenerArn + @"</ListenerArn>
        <DefaultActions>
          <member>
            <Type>forward</Type>
            <Order>1</Order>
            <ForwardConfig>
              <TargetGroups>
                <member><TargetGroupArn>" + BlueArn + @"</TargetGroupArn><Weight>90</Weight></member>
                <member><TargetGroupArn>" + GreenArn + @"</TargetGroupArn><Weight>10</Weight></member>
              </TargetGroups>
              <TargetGroupStickinessConfig><Enabled>true</Enabled><DurationSeconds>300</DurationSeconds></TargetGroupStickinessConfig>
            </ForwardConfig>
          </member>
        </DefaultActions>
      </member>
      <member>
        <LoadBalancerArn>" + LoadBalancerArn + @"</LoadBalancerArn>
        <Protocol>HTTPS</Protocol>
        <Port>443</Port>
        <Certificates><member><CertificateArn>arn:aws:acm:eu-west-1:123456789012:certificate/3dcb0a41</CertificateArn></member></Certificates>
        <SslPolicy>ELBSecurityPolicy-TLS13-1-2-2021-06</SslPolicy>
        <ListenerArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/0467ef3c8400ae65</ListenerArn>
        <DefaultActions>
          <member>
            <Type>authenticate-oidc</Type>
            <Order>1</Order>
            <AuthenticateOidcConfig>
              <Issuer>https://idp.example.com</Issuer>
              <AuthorizationEndpoint>https://idp.example.com/authorize</AuthorizationEndpoint>
              <TokenEndpoint>https://idp.example.com/token</TokenEndpoint>
              <UserInfoEndpoint>https://idp.example.com/userinfo</UserInfoEndpoint>
              <ClientId>shop</ClientId>
              <SessionCookieName>AWSELBAuthSessionCookie</SessionCookieName>
              <Scope>openid</Scope>
              <SessionTimeout>604800</SessionTimeout>
              <AuthenticationRequestExtraParams>
                <entry><key>prompt</key><value>login</value></entry>
              </AuthenticationRequestExtraParams>
              <OnUnauthenticatedRequest>authenticate</OnUnauthenticatedRequest>
            </AuthenticateOidcConfig>
          </member>
          <member>
            <Type>forward</Type>
            <Order>2</Order>
            <TargetGroupArn>" + BlueArn + @"</TargetGroupArn>
            <ForwardConfig>
              <TargetGroups><member><TargetGroupArn>" + BlueArn + @"</TargetGroupArn><Weight>1</Weight></member></TargetGroups>
              <TargetGroupStickinessConfig><Enabled>false</Enabled></TargetGroupStickinessConfig>
            </ForwardConfig>
          </member>
        </DefaultActions>
      </member>
      <member>
        <LoadBalancerArn>" + LoadBalancerArn + @"</LoadBalancerArn>
        <Protocol>HTTP</Protocol>
        <Port>8080</Port>
        <ListenerArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/50dc6c495c0c9188/ffffffffffffffff</ListenerArn>
        <DefaultActions>
          <member>
            <Type>redirect</Type>
            <Order>1</Order>
            <RedirectConfig><Protocol>HTTPS</Protocol><Port>443</Port><Host>#{host}</Host><Path>/#{path}</Path><Query>#{query}</Query><StatusCode>HTTP_301</StatusCode></RedirectConfig>
          </member>
        </DefaultActions>
      </member>
    </Listeners>
  </DescribeListenersResult>
  <ResponseMetadata><RequestId>18e470d3-f39c-11e5-a53c-67205c0d10fd</RequestId></ResponseMetadata>
</DescribeListenersResponse>";

        internal const string DescribeRules = @"<DescribeRulesResponse xmlns=""http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"">
  <DescribeRulesResult>
    <Rules>
      <member>
        <IsDefault>false</IsDefault>
        <Conditions>
          <member>
            <Field>path-pattern</Field>
            <Values><member>/api/*</member></Values>
            <PathPatternConfig><Values><member>/api/*</member></Values></PathPatternConfig>
          </member>
          <member>
            <Field>http-header</Field>
            <HttpHeaderConfig><HttpHeaderName>X-Canary</HttpHeaderName><Values><member>yes</member></Values></HttpHeaderConfig>
          </member>
          <member>
            <Field>query-string</Field>
            <QueryStringConfig><Values><member><Key>version</Key><Value>2</Value></member></Values></QueryStringConfig>
          </member>
          <member>
            <Field>source-ip</Field>
            <SourceIpConfig><Values><member>10.0.0.0/8</member></Values></SourceIpConfig>
          </member>
          <member>
            <Field>http-request-method</Field>
            <HttpRequestMethodConfig><Values><member>GET</member><member>HEAD</member></Values></HttpRequestMethodConfig>
          </member>
          <member>
            <Field>host-header</Field>
            <HostHeaderConfig><Values><member>shop.example.com</member></Values></HostHeaderConfig>
          </member>
        </Conditions>
        <Priority>10</Priority>
        <Actions>
          <member>
            <Type>forward</Type>
            <TargetGroupArn>" + BlueArn + @"</TargetGroupArn>
          </member>
        </Actions>
        <RuleArn>" + RuleArn + @"</RuleArn>
      </member>
      <member>
        <IsDefault>true</IsDefault>
        <Conditions/>
        <Priority>default</Priority>
        <Actions>
          <member>
            <Type>fixed-response</Type>
            <FixedResponseConfig><MessageBody>Not here</MessageBody><StatusCode>404</StatusCode><ContentType>text/plain</ContentType></FixedResponseConfig>
          </member>
        </Actions>
        <RuleArn>arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2/0000000000000000</RuleArn>
      </member>
    </Rules>
  </DescribeRulesResult>
  <ResponseMetadata><RequestId>74926cf3-f3a3-11e5-b543-7b4c6e3a1f5a</RequestId></ResponseMetadata>
</DescribeRulesResponse>";

        internal const string DescribeTargetHealth = @"<DescribeTargetHealthResponse xmlns=""http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"">
  <DescribeTargetHealthResult>
    <TargetHealthDescriptions>
      <member>
        <HealthCheckPort>80</HealthCheckPort>
        <TargetHealth><State>healthy</State></TargetHealth>
        <Target><Port>80</Port><Id>i-0f76fade435676abd</Id></Target>
      </member>
      <member>
        <HealthCheckPort>80</HealthCheckPort>
        <TargetHealth>
          <State>unhealthy</State>
          <Reason>Target.ResponseCodeMismatch</Reason>
          <Description>Health checks failed with these codes: [500]</Description>
        </TargetHealth>
        <Target><Port>80</Port><Id>i-0f76fade87654321</Id><AvailabilityZone>eu-west-1a</AvailabilityZone></Target>
      </member>
    </TargetHealthDescriptions>
  </DescribeTargetHealthResult>
  <ResponseMetadata><RequestId>c534f810-f389-11e5-9192-3fff33344cfa</RequestId></ResponseMetadata>
</DescribeTargetHealthResponse>";

        internal static string DescribeTags(params string[] resourceArns)
        {
            var members = new System.Text.StringBuilder();
            foreach (string arn in resourceArns)
            {
                members.Append($@"
      <member>
        <ResourceArn>{arn}</ResourceArn>
        <Tags>
          <member><Value>shop</Value><Key>bluegreen:project</Key></member>
          <member><Value></Value><Key>empty</Key></member>
        </Tags>
      </member>");
            }

            return $@"<DescribeTagsResponse xmlns=""{Namespace}"">
  <DescribeTagsResult>
    <TagDescriptions>{members}
    </TagDescriptions>
  </DescribeTagsResult>
  <ResponseMetadata><RequestId>34f144db-f2d9-11e5-a53c-67205c0d10fd</RequestId></ResponseMetadata>
</DescribeTagsResponse>";
        }

        /// <summary>The answer of ModifyListener/CreateListener: the listener as it now is.</summary>
        internal static string Listeners(string operation, string targetGroupArn) => $@"<{operation}Response xmlns=""{Namespace}"">
  <{operation}Result>
    <Listeners>
      <member>
        <LoadBalancerArn>{LoadBalancerArn}</LoadBalancerArn>
        <Protocol>HTTP</Protocol>
        <Port>80</Port>
        <ListenerArn>{HttpListenerArn}</ListenerArn>
        <DefaultActions>
          <member><Type>forward</Type><TargetGroupArn>{targetGroupArn}</TargetGroupArn></member>
        </DefaultActions>
      </member>
    </Listeners>
  </{operation}Result>
  <ResponseMetadata><RequestId>0f9f0d7b-0000-11e5-a53c-67205c0d10fd</RequestId></ResponseMetadata>
</{operation}Response>";

        internal static string Rules(string operation, string targetGroupArn) => $@"<{operation}Response xmlns=""{Namespace}"">
  <{operation}Result>
    <Rules>
      <member>
        <IsDefault>false</IsDefault>
        <Conditions><member><Field>path-pattern</Field><Values><member>/api/*</member></Values></member></Conditions>
        <Priority>10</Priority>
        <Actions><member><Type>forward</Type><TargetGroupArn>{targetGroupArn}</TargetGroupArn></member></Actions>
        <RuleArn>{RuleArn}</RuleArn>
      </member>
    </Rules>
  </{operation}Result>
  <ResponseMetadata><RequestId>0f9f0d7b-1111-11e5-a53c-67205c0d10fd</RequestId></ResponseMetadata>
</{operation}Response>";

        internal static string CreateLoadBalancer(string name) =>
            DescribeLoadBalancers(null, name).Replace("DescribeLoadBalancers", "CreateLoadBalancer");

        internal const string CreateTargetGroup = @"<CreateTargetGroupResponse xmlns=""http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"">
  <CreateTargetGroupResult>
    <TargetGroups>
      <member>
        <TargetGroupArn>" + GreenArn + @"</TargetGroupArn>
        <TargetGroupName>shop-green</TargetGroupName>
        <Protocol>HTTP</Protocol>
        <Port>80</Port>
        <VpcId>vpc-3ac0fb5f</VpcId>
        <HealthCheckPath>/health/</HealthCheckPath>
        <Matcher><HttpCode>200-299</HttpCode></Matcher>
        <LoadBalancerArns/>
        <TargetType>instance</TargetType>
      </member>
    </TargetGroups>
  </CreateTargetGroupResult>
  <ResponseMetadata><RequestId>b83fe90e-f2d5-11e5-b95d-3b2c1831fc26</RequestId></ResponseMetadata>
</CreateTargetGroupResponse>";

        /// <summary>The answer of an operation with an empty result (RegisterTargets, AddTags, DeleteListener, ...).</summary>
        /// <summary>The answer of DescribeTargetGroupAttributes or ModifyTargetGroupAttributes (as in the ELBv2 API reference).</summary>
        internal static string TargetGroupAttributes(string operation) => $@"<{operation}Response xmlns=""{Namespace}"">
  <{operation}Result>
    <Attributes>
      <member><Value>30</Value><Key>deregistration_delay.timeout_seconds</Key></member>
      <member><Key>stickiness.enabled</Key><Value>true</Value></member>
      <member><Value>lb_cookie</Value><Key>stickiness.type</Key></member>
    </Attributes>
  </{operation}Result>
  <ResponseMetadata><RequestId>54618294-f3a8-11e5-bb98-57195a6eb84a</RequestId></ResponseMetadata>
</{operation}Response>";

        internal static string Empty(string operation) => $@"<{operation}Response xmlns=""{Namespace}"">
  <{operation}Result/>
  <ResponseMetadata><RequestId>f9880f01-7852-629d-a6c3-3ae2-cd8b1ef5</RequestId></ResponseMetadata>
</{operation}Response>";

        internal static string Error(string code, string message, string type = "Sender") => $@"<ErrorResponse xmlns=""{Namespace}"">
  <Error>
    <Type>{type}</Type>
    <Code>{code}</Code>
    <Message>{message}</Message>
  </Error>
  <RequestId>a6e2a4b1-9e0c-4c1d-8b45-3d3c7a0f0e11</RequestId>
</ErrorResponse>";
    }
}
