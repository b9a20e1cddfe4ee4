using BlueGreen.Sandbox.Protocol;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox
{
    public class SigV4AuthorizationTests
    {
        [Fact]
        public void ParsesTheCredentialScope()
        {
            var header = SigV4Authorization.TryParse(
                "AWS4-HMAC-SHA256 Credential=test/20240501/eu-west-1/elasticloadbalancing/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=abc123",
                out string? problem);

            Assert.Null(problem);
            Assert.NotNull(header);
            Assert.Equal("test", header!.AccessKeyId);
            Assert.Equal("20240501", header.Date);
            Assert.Equal("eu-west-1", header.Region);
            Assert.Equal("elasticloadbalancing", header.Service);
            Assert.Equal(new[] { "content-type", "host", "x-amz-date" }, header.SignedHeaders);
            Assert.Equal("abc123", header.Signature);
        }

        [Theory]
        [InlineData("Basic dXNlcjpwYXNz")]
        [InlineData("AWS4-HMAC-SHA256 Credential=test/20240501/ec2/aws4_request, SignedHeaders=host, Signature=x")]
        [InlineData("AWS4-HMAC-SHA256 Credential=test/20240501/us-east-1/ec2/aws4_request, Signature=x")]
        public void RejectsMalformedHeadersWithAReason(string value)
        {
            Assert.Null(SigV4Authorization.TryParse(value, out string? problem));
            Assert.False(string.IsNullOrEmpty(problem));
        }
    }
}
