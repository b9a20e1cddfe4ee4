using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.EC2;
using Amazon.SimpleSystemsManagement;
using BlueGreen.Aws.ElasticLoadBalancing;
using Xunit;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>
    /// docs/iam-policy.json (and the copy in README.md) allows every AWS action the code calls, and nothing it does not:
    /// the ELBv2 operations of BlueGreen's own client that the engine invokes, the IAmazonEC2 and
    /// IAmazonSimpleSystemsManagement *Async calls, read from the source.
    /// </summary>
    public sealed class IamPolicyTests
    {
        /// <summary>Needed without a call of that name: tags given to RunInstances need ec2:CreateTags.</summary>
        private static readonly string[] ImpliedActions = { "ec2:CreateTags" };


        private static readonly string Root = FindRoot();

        [Fact]
        public void The_policy_allows_every_action_the_code_calls()
        {
            ISet<string> allowed = PolicyActions(File.ReadAllText(Path.Combine(Root, "docs", "iam-policy.json")));
            var called = CalledActions();

            Assert.Contains("elasticloadbalancing:ModifyListener", called);
            Assert.Contains("ec2:RunInstances", called);
            Assert.Contains("ec2:GetConsoleOutput", called);
            Assert.Contains("ssm:PutParameter", called);
            Assert.Equal(Array.Empty<string>(), called.Where(a => !allowed.Contains(a)).ToArray());
        }

        [Fact]
        public void The_policy_allows_nothing_the_code_does_not_call()
        {
            ISet<string> allowed = PolicyActions(File.ReadAllText(Path.Combine(Root, "docs", "iam-policy.json")));
            var called = new HashSet<string>(CalledActions().Concat(ImpliedActions));
            Assert.Equal(Array.Empty<string>(), allowed.Where(a => !called.Contains(a)).OrderBy(a => a).ToArray());
        }


        [Fact]
        public void The_SSM_statement_is_scoped_to_the_bluegreen_parameters()
        {
            using JsonDocument policy = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "iam-policy.json")));
            foreach (JsonElement statement in policy.RootElement.GetProperty("Statement").EnumerateArray())
            {
                var actions = Strings(statement.GetProperty("Action"));
                if (actions.Any(a => a.StartsWith("ssm:", StringComparison.Ordinal)))
                {
                    Assert.Equal(new[] { "arn:aws:ssm:*:*:parameter/bluegreen/*" }, Strings(statement.GetProperty("Resource")));
                }
            }
        }

        [Fact]
        public void The_README_shows_the_same_policy()
        {
            string readme = File.ReadAllText(Path.Combine(Root, "README.md"));
            Match block = Regex.Match(readme, "## IAM policy.*?```json\\s*(?<json>\\{.*?\\})\\s*```", RegexOptions.Singleline);
            Assert.True(block.Success, "README.md has a '## IAM policy' section with a ```json block");
            Assert.Equal(Normalize(File.ReadAllText(Path.Combine(Root, "docs", "iam-policy.json"))), Normalize(block.Groups["json"].Value));
        }

        /// <summary>Every AWS action the source under src/BlueGreen.Core calls, as service:Operation.</summary>
        private static SortedSet<string> CalledActions()
        {
            string core = Path.Combine(Root, "src", "BlueGreen.Core");
            string elbFolder = Path.Combine(core, "Aws", "ElasticLoadBalancing");
            var sources = Directory.GetFiles(core, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Contains("obj") && !f.Split(Path.DirectorySeparatorChar).Contains("bin"))
                .ToDictionary(f => f, File.ReadAllText);
            var actions = new SortedSet<string>(StringComparer.Ordinal);

            // ELBv2: BlueGreen's own client over the model-driven Query codec; its operations are the methods of its
            // interface. Called = invoked outside the client's own folder.
            AddOwnClientCalls(actions, sources, typeof(IElasticLoadBalancingV2), Path.Combine(core, "Aws", "ElasticLoadBalancing"), "elasticloadbalancing");
            Assert.Contains("elasticloadbalancing:ModifyListener", actions);
            AddOwnClientCalls(actions, sources, typeof(BlueGreen.Aws.CloudWatch.ICloudWatch), Path.Combine(core, "Aws", "CloudWatch"), "cloudwatch");
            Assert.Contains("cloudwatch:GetMetricData", actions);

            AddSdkCalls(actions, sources, typeof(IAmazonEC2), "ec2");
            AddSdkCalls(actions, sources, typeof(IAmazonSimpleSystemsManagement), "ssm");
            return actions;
        }

        /// <summary>The operations of one of BlueGreen's own client interfaces invoked in files outside its folder that use the interface.</summary>
        private static void AddOwnClientCalls(ISet<string> actions, IDictionary<string, string> sources, Type client, string folder, string service)
        {
            var operations = client.GetMethods().Select(m => m.Name).Where(n => n.EndsWith("Async", StringComparison.Ordinal)).Select(n => n.Substring(0, n.Length - "Async".Length)).ToList();
            foreach (var (file, text) in sources.Select(kv => (kv.Key, kv.Value)))
            {
                if (!file.StartsWith(folder, StringComparison.Ordinal) && text.Contains(client.Name))
                {
                    foreach (string operation in operations.Where(o => text.Contains("." + o + "Async(")))
                    {
                        actions.Add(service + ":" + operation);
                    }
                }
            }
        }

        /// <summary>The *Async methods of an AWS SDK client interface invoked in the files that use that interface.</summary>
        private static void AddSdkCalls(ISet<string> actions, IDictionary<string, string> sources, Type client, string service)
        {
            var operations = client.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal))
                .Select(m => m.Name.Substring(0, m.Name.Length - "Async".Length))
                .ToHashSet(StringComparer.Ordinal);
            int files = 0;
            foreach (string text in sources.Values.Where(t => t.Contains(client.Name)))
            {
                files++;
                foreach (Match call in Regex.Matches(text, @"\.(?<op>[A-Z][A-Za-z0-9]*)Async\("))
                {
                    if (operations.Contains(call.Groups["op"].Value))
                    {
                        actions.Add(service + ":" + call.Groups["op"].Value);
                    }
                }
            }

            Assert.True(files > 0, $"no source file uses {client.Name}");
        }

        private static ISet<string> PolicyActions(string json)
        {
            using JsonDocument policy = JsonDocument.Parse(json);
            var actions = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonElement statement in policy.RootElement.GetProperty("Statement").EnumerateArray())
            {
                Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
                foreach (string action in Strings(statement.GetProperty("Action")))
                {
                    Assert.DoesNotContain("*", action);
                    actions.Add(action);
                }
            }

            return actions;
        }

        private static IReadOnlyList<string> Strings(JsonElement element) =>
            element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()!).ToList() : new[] { element.GetString()! };

        private static string Normalize(string json)
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement);
        }

        /// <summary>Above the test binaries, or (when they are built elsewhere, build.ps1 -OutputRoot) above this source file.</summary>
        private static string FindRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
        {
            foreach (string start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty })
            {
                for (string? dir = start; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
                {
                    if (File.Exists(Path.Combine(dir, "BlueGreen.slnx")))
                    {
                        return dir;
                    }
                }
            }

            throw new InvalidOperationException("The repository root (BlueGreen.slnx) is not above " + AppContext.BaseDirectory + " nor above " + sourceFile);
        }
    }
}
