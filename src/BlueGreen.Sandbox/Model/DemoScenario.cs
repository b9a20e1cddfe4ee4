using BlueGreen.Sandbox.Model.Compute;
using BlueGreen.Sandbox.Model.LoadBalancing;

namespace BlueGreen.Sandbox.Model
{
    /// <summary>
    /// Builds <see cref="SandboxScenario.Demo"/> through the same operations the API runs: the demo project's load
    /// balancer, blue and green target groups, three listeners, an <c>/api/*</c> rule, a preview rule (header X-BlueGreen-Preview) to green and two healthy instances in blue.
    /// Everything is dated an hour back, so it is settled (active, running, healthy) from the first request.
    /// </summary>
    internal static class DemoScenario
    {
        internal const string Project = "demo";
        internal const string LoadBalancerName = "bluegreen-demo";
        internal const string BlueTargetGroupName = "bluegreen-demo-blue";
        internal const string GreenTargetGroupName = "bluegreen-demo-green";

        internal static void Seed(SandboxWorld world, bool withMachines = true)
        {
            lock (world.Gate)
            {
                DateTimeOffset settled = world.Now - TimeSpan.FromHours(1);
                SandboxNetwork network = world.Network;
                LoadBalancingState elb = world.LoadBalancing;
                LoadBalancer loadBalancer = elb.CreateLoadBalancer(new LoadBalancerDefinition
                {
                    Name = LoadBalancerName,
                    Subnets = network.Subnets.Take(2).Select(s => s.Key).ToList(),
                    Tags = Tags(("bluegreen:project", Project)),
                    Fingerprint = "seed:" + LoadBalancerName,
                }, settled);

                TargetGroup blue = CreateTargetGroup(world, BlueTargetGroupName, "blue");
                TargetGroup green = CreateTargetGroup(world, GreenTargetGroupName, "green");

                elb.Routing.CreateListener(loadBalancer.Arn, new ListenerDefinition
                {
                    Port = 80,
                    Protocol = "HTTP",
                    DefaultActions = new[] { ForwardTo(blue) },
                    Fingerprint = "seed:80",
                });
                Listener https = elb.Routing.CreateListener(loadBalancer.Arn, new ListenerDefinition
                {
                    Port = 443,
                    Protocol = "HTTPS",
                    SslPolicy = "ELBSecurityPolicy-2016-08",
                    Certificates = new[] { new ListenerCertificate($"arn:aws:acm:{network.Region}:{network.AccountId}:certificate/{world.Ids.Hex(8)}-{world.Ids.Hex(4)}-{world.Ids.Hex(4)}-{world.Ids.Hex(4)}-{world.Ids.Hex(12)}", null) },
                    DefaultActions = new[] { ForwardTo(blue) },
                    Fingerprint = "seed:443",
                });
                elb.Routing.CreateListener(loadBalancer.Arn, new ListenerDefinition
                {
                    Port = 8080,
                    Protocol = "HTTP",
                    DefaultActions = new[]
                    {
                        new RuleAction(RuleAction.Redirect, null, redirectConfig: new RedirectActionConfig("HTTPS", "443", "#{host}", "/#{path}", "#{query}", "HTTP_301")),
                    },
                    Fingerprint = "seed:8080",
                });
                elb.Routing.CreateRule(https.Arn, 10, new[] { new RuleCondition(RuleCondition.PathPattern, new[] { "/api/*" }) },
                    new[] { ForwardTo(blue) }, Tags());

                // BlueGreen's preview rule: keeps the idle group attached, so the load balancer health-checks its
                // targets before a switch (a group no listener uses reports every target "unused").
                elb.Routing.CreateRule(https.Arn, 1, new[] { new RuleCondition(RuleCondition.HttpHeader, new[] { "1" }, "X-BlueGreen-Preview") },
                    new[] { ForwardTo(green) }, Tags());

                if (!withMachines)
                {
                    return;
                }

                var instances = new List<Ec2Instance>();
                for (int i = 0; i < 2; i++)
                {
                    instances.AddRange(world.Compute.Run(new InstanceLaunchRequest
                    {
                        ImageId = "ami-0abcdef1234567890",
                        InstanceType = "t3.small",
                        KeyName = "bluegreen-demo",
                        SubnetId = network.Subnets[i].Key,
                        InstanceTags = Tags(("Name", "demo-" + world.Ids.Hex(8)), ("bluegreen:project", Project), ("bluegreen:color", "blue")),
                    }, settled));
                }

                elb.Targets.RegisterTargets(blue.Arn, instances.Select(i => new KeyValuePair<string, int?>(i.InstanceId, null)).ToList(), settled);
            }
        }

        // Health checks at AWS's quickest (every 5 s, 2 s timeout, 2 checks to change state): they drive the real checks
        // of machines on loopback (the Local provider); the simulated ones follow the sandbox's registration timeline.
        private static TargetGroup CreateTargetGroup(SandboxWorld world, string name, string color) =>
            world.LoadBalancing.CreateTargetGroup(new TargetGroupDefinition
            {
                Name = name,
                Protocol = "HTTP",
                Port = 80,
                VpcId = world.Network.VpcId,
                HealthCheck = new TargetGroupHealthCheck { Path = "/health/", MatcherHttpCode = "200", IntervalSeconds = 5, TimeoutSeconds = 2, HealthyThresholdCount = 2, UnhealthyThresholdCount = 2 },
                Tags = Tags(("bluegreen:project", Project), ("bluegreen:color", color)),
                Fingerprint = "seed:" + name,
            });

        private static RuleAction ForwardTo(TargetGroup targetGroup) =>
            new RuleAction(RuleAction.Forward, null, forwardConfig: new ForwardActionConfig(new[] { new WeightedTargetGroup(targetGroup.Arn, 1) }, false, null));

        private static IReadOnlyList<KeyValuePair<string, string>> Tags(params (string Key, string Value)[] tags) =>
            tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value)).ToList();
    }
}
