using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace BlueGreen.Tests.Unit.Aws
{
    /// <summary>Asserts that a Query protocol body holds exactly the expected parameters (the SDK sorts them by name).</summary>
    internal static class FormAssert
    {
        internal static void Exactly(RecordedRequest request, params (string Name, string Value)[] expected)
        {
            var actual = request.Form.OrderBy(pair => pair.Key, System.StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}").ToList();
            var wanted = expected.OrderBy(pair => pair.Name, System.StringComparer.Ordinal).Select(pair => $"{pair.Name}={pair.Value}").ToList();
            Assert.Equal(wanted, actual);
            Assert.Equal("POST", request.Method);
            Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"]);
        }
    }
}
