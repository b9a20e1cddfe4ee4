extern alias DataPlaneProcess;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using DataPlaneProcess::BlueGreen.Sandbox.DataPlane;
using DataPlaneProcess::BlueGreen.Sandbox.DataPlane.Routing;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox.DataPlane
{
    public class RuleMatcherTests
    {
        [Theory]
        [InlineData("/api/*", "/api/items", true)]
        [InlineData("/api/*", "/api/", true)]
        [InlineData("/api/*", "/API/items", false)]
        [InlineData("/img/?.png", "/img/a.png", true)]
        [InlineData("/img/?.png", "/img/ab.png", false)]
        [InlineData("*.css", "/site/main.css", true)]
        [InlineData("/a*b*c", "/axxbyyc", true)]
        [InlineData("/a*b*c", "/axxbyy", false)]
        public void PathPatternsAreCaseSensitiveWildcards(string pattern, string path, bool expected)
        {
            Assert.Equal(expected, RuleMatcher.Matches(Condition("path-pattern", pattern), Request(path: path)));
        }

        [Theory]
        [InlineData("*.example.com", "Shop.EXAMPLE.com", true)]
        [InlineData("preview.example.com", "preview.example.com", true)]
        [InlineData("*.example.com", "example.org", false)]
        public void HostHeadersIgnoreCase(string pattern, string host, bool expected)
        {
            Assert.Equal(expected, RuleMatcher.Matches(Condition("host-header", pattern), Request(host: host)));
        }

        [Fact]
        public void HttpHeaderNamesIgnoreCaseAndValuesAreWildcards()
        {
            var condition = new RoutedCondition { Field = "http-header", HttpHeaderName = "X-BlueGreen-Preview", Values = { "gr*n" } };
            Assert.True(RuleMatcher.Matches(condition, Request(headers: new Dictionary<string, string> { ["x-bluegreen-preview"] = "GREEN" })));
            Assert.False(RuleMatcher.Matches(condition, Request(headers: new Dictionary<string, string> { ["x-bluegreen-preview"] = "blue" })));
            Assert.False(RuleMatcher.Matches(condition, Request()));
        }

        [Fact]
        public void MethodQueryStringAndSourceIpMatchAsAlbDoes()
        {
            Assert.True(RuleMatcher.Matches(Condition("http-request-method", "POST", "PUT"), Request(method: "PUT")));
            Assert.False(RuleMatcher.Matches(Condition("http-request-method", "POST"), Request(method: "post")));

            var query = new RoutedCondition { Field = "query-string", QueryStrings = { new QueryStringPair { Key = "version", Value = "v2*" }, new QueryStringPair { Value = "beta" } } };
            Assert.True(RuleMatcher.Matches(query, Request(query: ("version", "V2.1"))));
            Assert.True(RuleMatcher.Matches(query, Request(query: ("anything", "beta"))));
            Assert.False(RuleMatcher.Matches(query, Request(query: ("version", "v1"))));

            Assert.True(RuleMatcher.Matches(Condition("source-ip", "10.0.0.0/8", "127.0.0.0/8"), Request(source: "127.0.0.1")));
            Assert.True(RuleMatcher.Matches(Condition("source-ip", "127.0.0.0/8"), Request(source: "::ffff:127.0.0.5")));
            Assert.False(RuleMatcher.Matches(Condition("source-ip", "192.168.0.0/16"), Request(source: "127.0.0.1")));
        }

        [Fact]
        public void TheFirstRuleByPriorityWhoseConditionsAllMatchWinsElseTheDefault()
        {
            var listener = new RoutedListener
            {
                Rules =
                {
                    new RoutedRule { Priority = 20, Conditions = { Condition("path-pattern", "/api/*") }, Action = Fixed("api") },
                    new RoutedRule { Priority = 10, Conditions = { Condition("path-pattern", "/api/*"), Condition("host-header", "preview.*") }, Action = Fixed("preview-api") },
                },
                DefaultAction = Fixed("default"),
            };

            Assert.Equal("preview-api", RuleMatcher.Choose(listener, Request(path: "/api/x", host: "preview.example.com")).MessageBody);
            Assert.Equal("api", RuleMatcher.Choose(listener, Request(path: "/api/x", host: "shop.example.com")).MessageBody);
            Assert.Equal("default", RuleMatcher.Choose(listener, Request(path: "/", host: "preview.example.com")).MessageBody);
        }

        private static RoutedAction Fixed(string body) => new RoutedAction { Type = "fixed-response", StatusCode = "200", MessageBody = body };

        private static RoutedCondition Condition(string field, params string[] values) => new RoutedCondition { Field = field, Values = values.ToList() };

        private static RequestFacts Request(string method = "GET", string path = "/", string host = "shop.example.com",
            Dictionary<string, string>? headers = null, (string, string)? query = null, string source = "127.0.0.1")
        {
            var all = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, string> header in headers ?? new Dictionary<string, string>())
            {
                all[header.Key] = new[] { header.Value };
            }

            var pairs = new List<KeyValuePair<string, string>>();
            if (query != null)
            {
                pairs.Add(new KeyValuePair<string, string>(query.Value.Item1, query.Value.Item2));
            }

            return new RequestFacts(method, path, host, all, pairs, IPAddress.Parse(source));
        }
    }
}
