using Microsoft.AspNetCore.Http;

namespace BlueGreen.Sandbox.DataPlane.Proxy
{
    /// <summary>The error pages an ALB answers with itself (502, 503, 504), as it sends them.</summary>
    internal static class AlbResponses
    {
        internal static Task WriteAsync(HttpContext context, int status)
        {
            string title = status switch
            {
                502 => "502 Bad Gateway",
                503 => "503 Service Temporarily Unavailable",
                504 => "504 Gateway Time-out",
                _ => $"{status} Error",
            };
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html";
            context.Response.Headers["Server"] = "awselb/2.0";
            return context.Response.WriteAsync($"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n</body>\r\n</html>\r\n");
        }
    }
}
