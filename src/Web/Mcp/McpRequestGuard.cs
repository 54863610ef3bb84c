using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Workbench.Web.Security;

namespace Workbench.Web.Mcp;

/// <summary>
/// The transport security rules of the MCP specification (2025-11-25, "Transports", Streamable HTTP, security
/// warning) for the lab's endpoint <c>/mcp</c>, on every method, before authentication. Run by
/// <see cref="ApiRequestGuard"/>, which routes <c>/mcp</c> here.
/// <list type="number">
/// <item><b>Origin</b>: absent passes (SDK and CLI clients, desktop hosts send none); otherwise it must be the
/// request's own scheme://host:port or one of <see cref="WebSecurityOptions.AllowedOrigins"/> — the same rule as
/// the lab's APIs (<see cref="ApiRequestGuard.IsCrossSite"/>, <c>Sec-Fetch-Site: cross-site</c> included).</item>
/// <item><b>Host</b> (DNS rebinding: a page of <c>evil.example</c>, whose name an attacker re-points at 127.0.0.1,
/// is same-origin with itself, so only the <c>Host</c> header gives it away): allowed are IP literals (an address
/// cannot be rebound, and a page from anywhere else that targets it sends its own, foreign Origin), the loopback
/// names <c>localhost</c> and <c>*.localhost</c> (RFC 6761: they never leave the machine), this machine's host name
/// (<see cref="Dns.GetHostName"/>), the host names of the listen URLs (<c>--urls http://workbench.lan:5000</c>),
/// and the hosts of <see cref="WebSecurityOptions.AllowedOrigins"/> (a reverse proxy's public name). Any other name
/// is refused. Bound to loopback (the default, <c>http://127.0.0.1:5000</c>), that leaves loopback names and
/// addresses. With <c>--urls http://0.0.0.0:5000</c> (every interface, for a classroom), students reach the lab by
/// the machine's IP address or host name; a DNS name such as <c>workbench.school.example</c> must be added to
/// <c>Web:Security:AllowedOrigins</c> (as <c>http://workbench.school.example:5000</c>) or be named in <c>--urls</c>.</item>
/// </list>
/// A refusal is <c>403 Forbidden</c> with a JSON-RPC error body, as the TypeScript SDK's own DNS-rebinding
/// protection answers: <c>{"jsonrpc":"2.0","error":{"code":-32000,"message":"…"},"id":null}</c>.
/// </summary>
internal static class McpRequestGuard
{
    /// <summary>The endpoint's path.</summary>
    public const string Path = "/mcp";

    /// <summary>The JSON-RPC error code of a refusal (implementation-defined server error range).</summary>
    public const int RefusedCode = -32000;

    /// <summary>Checks the request and either refuses it or calls <paramref name="next"/>.</summary>
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var security = http.RequestServices.GetRequiredService<IOptions<WebSecurityOptions>>().Value;
        var request = http.Request;
        if (ApiRequestGuard.IsCrossSite(request, security))
        {
            await RefuseAsync(http, $"Cross-site requests to the MCP endpoint are not accepted (Origin: {request.Headers.Origin}).");
            return;
        }
        if (!IsAllowedHost(request.Host.Host, security, http.RequestServices.GetService<IServer>()))
        {
            await RefuseAsync(http, $"Invalid Host: '{request.Host.Host}' is not a name of this server (DNS-rebinding protection).");
            return;
        }
        await next(http);
    }

    /// <summary>The Host rule above.</summary>
    /// <param name="host">The request's host, without the port (IPv6 in brackets or not).</param>
    /// <param name="security">The trusted origins.</param>
    /// <param name="server">The server, for its listen addresses; null = none known.</param>
    internal static bool IsAllowedHost(string host, WebSecurityOptions security, IServer? server)
    {
        if (string.IsNullOrEmpty(host)) return false;
        if (IPAddress.TryParse(host.Trim('[', ']'), out _)) return true;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)) return true;
        if (host.Equals(Dns.GetHostName(), StringComparison.OrdinalIgnoreCase)) return true;
        if (security.AllowedOrigins.Any(o => SameHost(o, host))) return true;
        var listening = server?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return listening.Any(address => SameHost(address, host));
    }

    private static bool SameHost(string url, string host) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && string.Equals(uri.IdnHost, host, StringComparison.OrdinalIgnoreCase);

    private static Task RefuseAsync(HttpContext http, string message)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        return http.Response.WriteAsJsonAsync(new McpRefusal("2.0", new McpRefusalError(RefusedCode, message), null), http.RequestAborted);
    }

    private sealed record McpRefusal(string Jsonrpc, McpRefusalError Error, string? Id);

    private sealed record McpRefusalError(int Code, string Message);
}
