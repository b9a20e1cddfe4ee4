using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws.ElasticLoadBalancing.Model;
using BlueGreen.Configuration;
using BlueGreen.Diagnostics;
using BlueGreen.Smoke;
using BlueGreen.Tests.Unit.Traffic;
using BlueGreen.Traffic;
using Xunit;

namespace BlueGreen.Tests.Unit.Smoke
{
    /// <summary>The pre-switch smoke check against a real HTTP server on 127.0.0.1 that answers only preview requests.</summary>
    public sealed class PreviewSmokeCheckTests
    {
        private const string Dns = "shop-alb-1234567890.us-east-1.elb.amazonaws.com";

        private static SmokeSettings Settings(params string[] paths) => new SmokeSettings
        {
            Paths = paths.Length == 0 ? new[] { "/" } : paths,
            Attempts = 3,
            Delay = TimeSpan.FromMilliseconds(50),
            Timeout = TimeSpan.FromSeconds(5),
        };

        private static PreviewEndpoint Endpoint(LocalHttpServer server, string header = "X-BlueGreen-Preview", string? host = null) =>
            new PreviewEndpoint(server.BaseAddress, header, "1", "HTTP:80 rule 5 (X-BlueGreen-Preview 1)", host);

        private static TrafficState StateWithPreview(int port, params RuleCondition[] moreConditions) =>
            new TrafficStateBuilder()
                .Route(443, null, TrafficStateBuilder.ForwardTo(TrafficStateBuilder.Blue))
                .Preview(port, "5", TrafficStateBuilder.Green, moreConditions)
                .Build();

        [Fact]
        public async Task Paths_that_answer_the_expected_status_pass_on_the_first_try_with_the_preview_header()
        {
            using var server = new LocalHttpServer(LocalHttpServer.PreviewOnly(c => LocalHttpServer.RespondAsync(c, 200, "<h1>shop</h1>")));

            SmokeCheckReport report = await new PreviewSmokeCheck(Settings("/", "/healthz/?full=1"), NullOperationReporter.Instance).RunAsync(Endpoint(server), CancellationToken.None);

            Assert.True(report.Passed);
            Assert.Equal(200, report.ExpectedStatus);
            Assert.Equal(new[] { "/", "/healthz/?full=1" }, report.Paths.Select(p => p.Path));
            Assert.Equal(new Uri(server.BaseAddress, "/healthz/?full=1"), report.Paths[1].Url);
            Assert.All(report.Paths, p =>
            {
                Assert.Equal(200, p.Status);
                Assert.True(p.Matched);
                Assert.Equal(1, p.Attempts);
                Assert.Null(p.BodyExcerpt);
                Assert.Null(p.Error);
                Assert.True(p.Elapsed > TimeSpan.Zero);
            });
            Assert.Equal(new[] { ("/", "1"), ("/healthz/?full=1", "1") }, server.Requests.Select(r => (r.Path, r.Preview!)));
        }

        [Fact]
        public async Task Without_the_preview_header_the_server_answers_404_and_the_check_fails()
        {
            using var server = new LocalHttpServer(LocalHttpServer.PreviewOnly(c => LocalHttpServer.RespondAsync(c, 200, "ok")));
            SmokeSettings settings = Settings();
            settings.Attempts = 1;

            var error = await Assert.ThrowsAsync<SmokeCheckFailedException>(() =>
                new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(Endpoint(server, header: "X-Something-Else"), CancellationToken.None));

            Assert.Equal("SmokeCheckFailed", error.ErrorId);
            Assert.Contains("/ answered 404 (expected 200) after 1 try", error.Message);
            Assert.Contains("no preview header", error.Message);
            Assert.Null(server.Requests.Single().Preview);
        }

        [Fact]
        public async Task A_500_then_a_200_passes_on_the_second_try()
        {
            int count = 0;
            using var server = new LocalHttpServer(LocalHttpServer.PreviewOnly(c =>
                Interlocked.Increment(ref count) == 1 ? LocalHttpServer.RespondAsync(c, 500, "starting") : LocalHttpServer.RespondAsync(c, 200, "ok")));

            SmokeCheckReport report = await new PreviewSmokeCheck(Settings("/"), NullOperationReporter.Instance).RunAsync(Endpoint(server), CancellationToken.None);

            SmokePathResult result = Assert.Single(report.Paths);
            Assert.True(result.Matched);
            Assert.Equal(2, result.Attempts);
            Assert.Equal(200, result.Status);
            Assert.Null(result.BodyExcerpt);
            Assert.Equal(2, server.Requests.Count);
        }

        [Fact]
        public async Task A_path_that_keeps_failing_fails_the_check_naming_the_path_its_status_and_the_expected_one()
        {
            using var server = new LocalHttpServer(LocalHttpServer.PreviewOnly(c => c.Request.Url!.AbsolutePath == "/broken/"
                ? LocalHttpServer.RespondAsync(c, 500, "<h1>Server Error (500)</h1>\n\n   <p>" + new string('x', 500) + "</p>")
                : LocalHttpServer.RespondAsync(c, 200, "ok")));

            var error = await Assert.ThrowsAsync<SmokeCheckFailedException>(() =>
                new PreviewSmokeCheck(Settings("/", "/broken/"), NullOperationReporter.Instance).RunAsync(Endpoint(server), CancellationToken.None));

            Assert.Equal("SmokeCheckFailed", error.ErrorId);
            Assert.Equal(FailureCategory.InvalidResult, error.Category);
            Assert.Contains("/broken/ answered 500 (expected 200) after 3 tries", error.Message);
            Assert.Contains("<h1>Server Error (500)</h1> <p>xxx", error.Message);
            Assert.DoesNotContain("/ answered 200", error.Message);
            SmokePathResult broken = Assert.Single(error.Report.Failures);
            Assert.Equal("/broken/", broken.Path);
            Assert.Equal(3, broken.Attempts);
            Assert.Equal(PreviewSmokeCheck.BodyExcerptLength + 1, broken.BodyExcerpt!.Length);
            Assert.True(error.Report.Paths[0].Matched);
            Assert.Equal(3, server.Requests.Count(r => r.Path == "/broken/"));
            Assert.Equal(1, server.Requests.Count(r => r.Path == "/"));
        }

        [Fact]
        public async Task A_server_that_never_answers_times_out_within_the_timeout_times_the_tries()
        {
            using var server = new LocalHttpServer(c => Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));
            SmokeSettings settings = Settings("/slow/");
            settings.Timeout = TimeSpan.FromSeconds(1);
            settings.Attempts = 2;
            settings.Delay = TimeSpan.Zero;
            Stopwatch clock = Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<SmokeCheckFailedException>(() =>
                new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(Endpoint(server), CancellationToken.None));

            clock.Stop();
            Assert.Equal("SmokeCheckTimeout", error.ErrorId);
            Assert.Equal(FailureCategory.OperationTimeout, error.Category);
            Assert.Contains("/slow/ got no answer within 1 s after 2 tries", error.Message);
            SmokePathResult result = Assert.Single(error.Report.Paths);
            Assert.True(result.TimedOut);
            Assert.Null(result.Status);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(2 + 1.5));
        }

        [Fact]
        public async Task Cancellation_stops_a_waiting_request_at_once()
        {
            using var server = new LocalHttpServer(c => Task.Delay(TimeSpan.FromSeconds(20), CancellationToken.None));
            SmokeSettings settings = Settings("/slow/");
            settings.Timeout = TimeSpan.FromSeconds(10);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            Stopwatch clock = Stopwatch.StartNew();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(Endpoint(server), cancel.Token));

            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
            Assert.Single(server.Requests);
        }

        [Fact]
        public async Task Cancellation_also_stops_the_wait_between_tries()
        {
            using var server = new LocalHttpServer(LocalHttpServer.PreviewOnly(c => LocalHttpServer.RespondAsync(c, 503, "down")));
            SmokeSettings settings = Settings("/");
            settings.Delay = TimeSpan.FromSeconds(20);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            Stopwatch clock = Stopwatch.StartNew();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(Endpoint(server), cancel.Token));

            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
            Assert.Single(server.Requests);
        }

        [Fact]
        public async Task A_refused_connection_fails_the_check_with_the_reason()
        {
            var endpoint = new PreviewEndpoint(new Uri($"http://127.0.0.1:{LocalHttpServer.FreePort()}/"), "X-BlueGreen-Preview", "1", "HTTP:80 rule 5");
            SmokeSettings settings = Settings("/");
            settings.Attempts = 2;

            var error = await Assert.ThrowsAsync<SmokeCheckFailedException>(() =>
                new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(endpoint, CancellationToken.None));

            Assert.Equal("SmokeCheckFailed", error.ErrorId);
            Assert.Contains("/ failed: ", error.Message);
            Assert.Contains("after 2 tries", error.Message);
            Assert.NotNull(Assert.Single(error.Report.Paths).Error);
        }

        [Fact]
        public void The_address_comes_from_an_HTTPS_443_preview_rule_and_the_load_balancer_DNS_name()
        {
            PreviewEndpoint endpoint = PreviewEndpoint.From(StateWithPreview(443), Dns, null);

            Assert.Equal(new Uri($"https://{Dns}:443/"), endpoint.BaseAddress);
            Assert.Equal($"https://{Dns}/healthz/", endpoint.UrlOf("/healthz/").AbsoluteUri);
            Assert.Equal(443, endpoint.UrlOf("/").Port);
            Assert.Equal("X-BlueGreen-Preview", endpoint.HeaderName);
            Assert.Equal("1", endpoint.HeaderValue);
            Assert.Null(endpoint.Host);
            Assert.Contains("HTTPS:443 rule 5", endpoint.Route);
        }

        [Fact]
        public void An_HTTP_preview_rule_on_another_port_keeps_its_port()
        {
            PreviewEndpoint endpoint = PreviewEndpoint.From(StateWithPreview(8080), Dns, null);

            Assert.Equal($"http://{Dns}:8080/api/", endpoint.UrlOf("/api/").AbsoluteUri);
        }

        [Fact]
        public void The_header_value_and_host_come_from_the_rule_conditions_wildcards_filled_in()
        {
            TrafficState state = new TrafficStateBuilder()
                .Route(443, null, TrafficStateBuilder.ForwardTo(TrafficStateBuilder.Blue))
                .Preview(443, "5", TrafficStateBuilder.Green, new RuleCondition { Field = "host-header", HostHeaderConfig = new HostHeaderConditionConfig { Values = { "*.example.com", "shop.example.com" } } })
                .Build();
            state.PreviewRoutes[0].RuleConditions[0].HttpHeaderConfig!.Values[0] = "pre*view?";

            PreviewEndpoint endpoint = PreviewEndpoint.From(state, Dns, null);

            Assert.Equal("pre1view1", endpoint.HeaderValue);
            Assert.Equal("shop.example.com", endpoint.Host);
        }

        [Fact]
        public async Task The_BaseUrl_override_fetches_the_given_host_with_the_rule_header()
        {
            using var server = new LocalHttpServer(LocalHttpServer.PreviewOnly(c => LocalHttpServer.RespondAsync(c, 204, string.Empty)));
            SmokeSettings settings = Settings("/healthz/");
            settings.ExpectedStatus = 204;
            settings.BaseUrl = server.BaseAddress;

            SmokeCheckReport report = await new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(StateWithPreview(443), "never-resolved.invalid", CancellationToken.None);

            Assert.True(report.Passed);
            Assert.Equal(server.BaseAddress, report.Endpoint.BaseAddress);
            Assert.Equal(new Uri(server.BaseAddress, "/healthz/"), report.Paths[0].Url);
            Assert.Contains("HTTPS:443 rule 5", report.Endpoint.Route);
            (string path, string? preview, string? host) = Assert.Single(server.Requests);
            Assert.Equal(("/healthz/", "1", server.BaseAddress.Authority), (path, preview, host));
        }

        [Fact]
        public async Task A_host_condition_of_the_rule_is_sent_as_the_Host_header()
        {
            using var server = new RawHttpServer();
            var endpoint = new PreviewEndpoint(server.BaseAddress, "X-BlueGreen-Preview", "1", "HTTP:80 rule 5", host: "shop.example.com");

            SmokeCheckReport report = await new PreviewSmokeCheck(Settings("/"), NullOperationReporter.Instance).RunAsync(endpoint, CancellationToken.None);

            Assert.True(report.Passed);
            string head = Assert.Single(server.Heads);
            Assert.StartsWith("GET / HTTP/1.1\r\n", head);
            Assert.Contains("\r\nHost: shop.example.com\r\n", head);
            Assert.Contains("\r\nX-BlueGreen-Preview: 1\r\n", head);
        }

        [Fact]
        public async Task A_certificate_that_does_not_validate_is_refused_unless_allowed()
        {
            using var server = new RawHttpServer(tls: true);
            var endpoint = new PreviewEndpoint(server.BaseAddress, "X-BlueGreen-Preview", "1", "HTTPS:443 rule 5");
            SmokeSettings settings = Settings("/");
            settings.Attempts = 1;

            var error = await Assert.ThrowsAsync<SmokeCheckFailedException>(() => new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(endpoint, CancellationToken.None));

            Assert.Equal("SmokeCheckFailed", error.ErrorId);
            Assert.Contains("AllowInvalidCertificate", error.Message);
            Assert.Empty(server.Heads);

            settings.AllowInvalidCertificate = true;
            SmokeCheckReport report = await new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(endpoint, CancellationToken.None);

            Assert.True(report.Passed);
            Assert.Contains("\r\nX-BlueGreen-Preview: 1\r\n", Assert.Single(server.Heads));
        }

        [Fact]
        public async Task A_redirect_is_not_followed_its_status_is_what_counts()
        {
            using var server = new LocalHttpServer(LocalHttpServer.PreviewOnly(c =>
            {
                if (c.Request.Url!.AbsolutePath == "/")
                {
                    c.Response.RedirectLocation = "/accounts/login/";
                    return LocalHttpServer.RespondAsync(c, 302, string.Empty);
                }

                return LocalHttpServer.RespondAsync(c, 200, "login");
            }));
            SmokeSettings settings = Settings("/");
            settings.Attempts = 1;

            var error = await Assert.ThrowsAsync<SmokeCheckFailedException>(() => new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(Endpoint(server), CancellationToken.None));
            Assert.Contains("/ answered 302 (expected 200)", error.Message);

            settings.ExpectedStatus = 302;
            Assert.True((await new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(Endpoint(server), CancellationToken.None)).Passed);
            Assert.DoesNotContain(server.Requests, r => r.Path == "/accounts/login/");
        }

        [Fact]
        public void Without_a_preview_rule_the_error_says_how_to_add_one()
        {
            TrafficState state = new TrafficStateBuilder().Route(443, null, TrafficStateBuilder.ForwardTo(TrafficStateBuilder.Blue)).Build();

            var error = Assert.Throws<BlueGreenException>(() => PreviewEndpoint.From(state, Dns, null));

            Assert.Equal("NoPreviewRoute", error.ErrorId);
            Assert.Equal(FailureCategory.ObjectNotFound, error.Category);
            Assert.Contains("X-BlueGreen-Preview", error.Message);
            Assert.Contains("aws elbv2 create-rule", error.Message);
            Assert.Contains("shop-green", error.Message);
        }

        [Fact]
        public async Task Without_a_preview_rule_the_check_fails_before_any_request()
        {
            TrafficState state = new TrafficStateBuilder().Route(443, null, TrafficStateBuilder.ForwardTo(TrafficStateBuilder.Blue)).Build();
            using var server = new LocalHttpServer(c => LocalHttpServer.RespondAsync(c, 200, "ok"));
            SmokeSettings settings = Settings("/");
            settings.BaseUrl = server.BaseAddress;

            var error = await Assert.ThrowsAsync<BlueGreenException>(() => new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(state, Dns, CancellationToken.None));

            Assert.Equal("NoPreviewRoute", error.ErrorId);
            Assert.Empty(server.Requests);
        }

        [Fact]
        public async Task Paths_outside_the_rule_path_pattern_are_refused_before_any_request()
        {
            TrafficState state = StateWithPreview(443, new RuleCondition { Field = "path-pattern", PathPatternConfig = new PathPatternConditionConfig { Values = { "/api/*" } } });
            using var server = new LocalHttpServer(c => LocalHttpServer.RespondAsync(c, 200, "ok"));
            SmokeSettings settings = Settings("/api/status?x=1", "/");
            settings.BaseUrl = server.BaseAddress;

            var error = await Assert.ThrowsAsync<BlueGreenException>(() => new PreviewSmokeCheck(settings, NullOperationReporter.Instance).RunAsync(state, Dns, CancellationToken.None));

            Assert.Equal("PreviewRouteUnreachable", error.ErrorId);
            Assert.Contains("so / would be answered by the live group", error.Message);
            Assert.Empty(server.Requests);
        }

        [Fact]
        public void A_BaseUrl_whose_host_the_rule_does_not_match_is_refused()
        {
            TrafficState state = StateWithPreview(443, new RuleCondition { Field = "host-header", HostHeaderConfig = new HostHeaderConditionConfig { Values = { "shop.example.com" } } });

            var error = Assert.Throws<BlueGreenException>(() => PreviewEndpoint.From(state, Dns, new Uri("https://other.example.com")));

            Assert.Equal("PreviewRouteUnreachable", error.ErrorId);
            Assert.Contains("other.example.com", error.Message);
        }
    }
}
