using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BlueGreen.Aws;
using BlueGreen.Aws.ParameterStore;
using BlueGreen.Deployment;
using BlueGreen.Diagnostics;
using BlueGreen.Sandbox;
using BlueGreen.Tests.Unit.Aws;
using Xunit;

namespace BlueGreen.Tests.Unit.Deployment
{
    /// <summary>
    /// SsmParameterStore over the real AWSSDK.SimpleSystemsManagement client against the sandbox's SSM (JSON 1.1):
    /// endpoint precedence, the answers "already exists" / "not found", paging, and failures after the SDK's retries.
    /// </summary>
    [Collection(AwsEnvironmentCollection.Name)]
    public sealed class SsmParameterStoreSandboxTests : IDisposable
    {
        private readonly AwsSandbox _sandbox = AwsSandbox.Start();
        private readonly EnvironmentVariableScope _environment = new EnvironmentVariableScope();

        public SsmParameterStoreSandboxTests()
        {
            _environment
                .Set("AWS_ACCESS_KEY_ID", "test").Set("AWS_SECRET_ACCESS_KEY", "test").Set("AWS_SESSION_TOKEN", null)
                .Set("AWS_EC2_METADATA_DISABLED", "true").Set("AWS_PROFILE", null)
                .Set("AWS_ENDPOINT_URL", null).Set("AWS_ENDPOINT_URL_SSM", null)
                .Set("AWS_MAX_ATTEMPTS", "3").Set("AWS_RETRY_MODE", "standard");
        }

        public void Dispose()
        {
            _environment.Dispose();
            _sandbox.Dispose();
        }

        private SsmParameterStore Store(Uri? endpoint = null) =>
            new AwsClientFactory(new AwsConnectionSettings { Region = "us-east-1", EndpointUrl = endpoint }).CreateSsmParameterStore();

        [Fact]
        public async Task Create_if_absent_get_put_and_delete_have_SSM_semantics()
        {
            using SsmParameterStore store = Store(_sandbox.Endpoint);
            Assert.Equal(1, await store.TryCreateAsync("/bluegreen/t/lock", "a", CancellationToken.None));
            Assert.Null(await store.TryCreateAsync("/bluegreen/t/lock", "b", CancellationToken.None));
            Assert.Equal("a", (await store.GetAsync("/bluegreen/t/lock", CancellationToken.None))!.Value);
            Assert.Equal(2, await store.PutAsync("/bluegreen/t/lock", "c", CancellationToken.None));
            StoredParameter read = (await store.GetAsync("/bluegreen/t/lock", CancellationToken.None))!;
            Assert.Equal(("c", 2L), (read.Value, read.Version));
            Assert.True(await store.DeleteAsync("/bluegreen/t/lock", CancellationToken.None));
            Assert.False(await store.DeleteAsync("/bluegreen/t/lock", CancellationToken.None));
            Assert.Null(await store.GetAsync("/bluegreen/t/lock", CancellationToken.None));
        }

        [Fact]
        public async Task Listing_comes_in_pages_of_ten_and_deleting_many_takes_ten()
        {
            using SsmParameterStore store = Store(_sandbox.Endpoint);
            for (int i = 0; i < 23; i++)
            {
                await store.PutAsync($"/bluegreen/t/history/{i:00}", "x", CancellationToken.None);
            }

            await store.PutAsync("/bluegreen/t/history/05/deeper", "x", CancellationToken.None);
            ParameterPage first = await store.GetByPathAsync("/bluegreen/t/history", false, null, CancellationToken.None);
            Assert.True(first.Parameters.Count <= 10);
            Assert.NotNull(first.NextToken);
            int count = first.Parameters.Count;
            for (string? token = first.NextToken; token != null;)
            {
                ParameterPage page = await store.GetByPathAsync("/bluegreen/t/history", false, token, CancellationToken.None);
                count += page.Parameters.Count;
                token = page.NextToken;
            }

            Assert.Equal(23, count);
            var names = Enumerable.Range(0, 10).Select(i => $"/bluegreen/t/history/{i:00}").ToList();
            Assert.Equal(10, (await store.DeleteManyAsync(names, CancellationToken.None)).Count);
        }

        [Fact]
        public async Task AWS_ENDPOINT_URL_SSM_wins_over_AWS_ENDPOINT_URL_and_an_explicit_endpoint_wins_over_both()
        {
            string sandbox = _sandbox.Endpoint.GetLeftPart(UriPartial.Authority);
            _environment.Set("AWS_ENDPOINT_URL_SSM", sandbox).Set("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
            using (SsmParameterStore store = Store())
            {
                Assert.Equal(1, await store.TryCreateAsync("/bluegreen/t/a", "1", CancellationToken.None));
            }

            _environment.Set("AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:9");
            using (SsmParameterStore store = Store(_sandbox.Endpoint))
            {
                Assert.Equal(1, await store.TryCreateAsync("/bluegreen/t/b", "1", CancellationToken.None));
            }

            _environment.Set("AWS_ENDPOINT_URL_SSM", null).Set("AWS_ENDPOINT_URL", sandbox);
            using (SsmParameterStore store = Store())
            {
                Assert.Equal(1, await store.TryCreateAsync("/bluegreen/t/c", "1", CancellationToken.None));
            }

            Assert.Equal(3, _sandbox.Requests.Count(r => r.Action == "PutParameter"));
        }

        [Fact]
        public async Task Throttling_is_retried_by_the_SDK_and_what_keeps_failing_is_a_BlueGreenException()
        {
            using SsmParameterStore store = Store(_sandbox.Endpoint);
            _sandbox.FailNext("PutParameter", 2, "ThrottlingException", 400, null, "ssm");
            Assert.Equal(1, await store.PutAsync("/bluegreen/t/x", "1", CancellationToken.None));

            _sandbox.FailNext("PutParameter", 10, "InternalServerError", 500, null, "ssm");
            var ex = await Assert.ThrowsAsync<BlueGreenException>(() => store.PutAsync("/bluegreen/t/x", "2", CancellationToken.None));
            Assert.Equal("AwsInternalServerError", ex.ErrorId);
            Assert.Equal(FailureCategory.ResourceUnavailable, ex.Category);
        }

        [Fact]
        public async Task The_lock_over_the_real_client_refuses_the_second_taker()
        {
            using SsmParameterStore store = Store(_sandbox.Endpoint);
            var state = new DeploymentState(store, DeploymentStateLocation.For("t"), 20, operatorName: "a@host");
            DeploymentLock held = await state.HoldAsync("first", CancellationToken.None);
            var refused = await Assert.ThrowsAsync<BlueGreenException>(() => new DeploymentState(store, DeploymentStateLocation.For("t"), 20, operatorName: "b@host").HoldAsync("second", CancellationToken.None));
            Assert.Equal("DeploymentLocked", refused.ErrorId);
            Assert.Contains("a@host", refused.Message);
            await state.Locks.ReleaseAsync(held.LockId, CancellationToken.None);
        }
    }
}
