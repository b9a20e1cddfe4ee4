extern alias DataPlaneProcess;

using DataPlaneProcess::BlueGreen.Sandbox.DataPlane;
using DataPlaneProcess::BlueGreen.Sandbox.DataPlane.Routing;
using Xunit;

namespace BlueGreen.Tests.Unit.Sandbox.DataPlane
{
    public class RedirectLocationTests
    {
        [Fact]
        public void HttpToHttpsKeepsHostPathAndQueryAndDropsTheDefaultPort()
        {
            var redirect = new RoutedAction { Type = "redirect", RedirectProtocol = "HTTPS", RedirectPort = "443", RedirectHost = "#{host}", RedirectPath = "/#{path}", RedirectQuery = "#{query}", StatusCode = "HTTP_301" };

            Assert.Equal("https://shop.example.com/cart/items?page=2", RedirectLocation.Build(redirect, "http", "shop.example.com", 80, "/cart/items", "?page=2"));
            Assert.Equal(301, RedirectLocation.StatusOf(redirect));
        }

        [Fact]
        public void LiteralPartsAndAnOtherPortAreUsedAsGiven()
        {
            var redirect = new RoutedAction { Type = "redirect", RedirectProtocol = "#{protocol}", RedirectPort = "8443", RedirectHost = "new.#{host}", RedirectPath = "/v2/#{path}", RedirectQuery = "from=#{port}&#{query}", StatusCode = "HTTP_302" };

            Assert.Equal("http://new.shop.example.com:8443/v2/old?from=80&a=1", RedirectLocation.Build(redirect, "http", "shop.example.com", 80, "/old", "?a=1"));
            Assert.Equal(302, RedirectLocation.StatusOf(redirect));
        }

        [Fact]
        public void ARequestThatSpellsAPlaceholderIsNotFilledInAgain()
        {
            // The request's path and query are values, not templates: '#{query}' in a path stays as sent.
            var redirect = new RoutedAction { Type = "redirect", RedirectProtocol = "HTTPS", RedirectPort = "443", RedirectHost = "#{host}", RedirectPath = "/#{path}", RedirectQuery = "#{query}", StatusCode = "HTTP_301" };

            Assert.Equal("https://shop.example.com/a/#{query}?q=#{port}", RedirectLocation.Build(redirect, "http", "shop.example.com", 80, "/a/#{query}", "?q=#{port}"));
        }

        [Fact]
        public void PathDropsOnlyItsOneLeadingSlash()
        {
            var redirect = new RoutedAction { Type = "redirect", RedirectProtocol = "HTTPS", RedirectPort = "443", RedirectPath = "/#{path}", StatusCode = "HTTP_301" };

            Assert.Equal("https://shop.example.com//double/slash", RedirectLocation.Build(redirect, "http", "shop.example.com", 80, "//double/slash", string.Empty));
        }

        [Fact]
        public void AnEmptyQueryLeavesNoQuestionMark()
        {
            var redirect = new RoutedAction { Type = "redirect", RedirectProtocol = "HTTPS", RedirectPort = "#{port}", StatusCode = "HTTP_301" };

            Assert.Equal("https://shop.example.com:8080/", RedirectLocation.Build(redirect, "http", "shop.example.com", 8080, "/", string.Empty));
        }
    }
}
