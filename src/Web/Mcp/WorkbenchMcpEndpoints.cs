using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Web.Auth;

namespace Workbench.Web.Mcp;

/// <summary>Maps the lab's own MCP server and its token endpoint.</summary>
public static class WorkbenchMcpEndpoints
{
    /// <summary>The token endpoint's path.</summary>
    public const string TokenPath = "/api/mcp/token";

    /// <summary>
    /// Maps <c>/mcp</c> (streamable HTTP, policy <see cref="WorkbenchMcpServiceCollectionExtensions.Policy"/>:
    /// no member = 401; its Origin and Host rules are <see cref="McpRequestGuard"/>'s, run first by
    /// <c>UseApiRequestGuard</c>; GET and DELETE are 405 with <c>Allow: POST</c>, the server being stateless) and <c>GET /api/mcp/token</c> (any signed-in member, by cookie) →
    /// <c>{token, tokenType: "Bearer", expiresAt, endpoint: "/mcp"}</c>, a <see cref="McpAccessTokens"/> token for
    /// the caller, sent with <c>Cache-Control: no-store</c>.
    /// </summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapWorkbenchMcp(this IEndpointRouteBuilder app)
    {
        app.MapMcp(McpRequestGuard.Path).RequireAuthorization(WorkbenchMcpServiceCollectionExtensions.Policy).WithTags("MCP");
        // Stateless: no server-to-client stream (GET) and no session to end (DELETE); the specification's answer is 405.
        app.MapMethods(McpRequestGuard.Path, [HttpMethods.Get, HttpMethods.Delete], (HttpContext http) =>
        {
            http.Response.Headers.Allow = HttpMethods.Post;
            return TypedResults.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }).WithTags("MCP");
        app.MapGet(TokenPath, IssueToken).WithName("GetMcpToken").WithTags("MCP").RequireAuthorization(WorkbenchPolicies.Member);
        return app;
    }

    private static Results<Ok<McpTokenView>, UnauthorizedHttpResult> IssueToken(HttpContext http, McpAccessTokens tokens)
    {
        if (LabUser.FromPrincipal(http.User) is not { } user) return TypedResults.Unauthorized();
        var (token, expiresAt) = tokens.Issue(user);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new McpTokenView(token, "Bearer", expiresAt, McpRequestGuard.Path));
    }

    /// <summary>The answer of <c>GET /api/mcp/token</c>.</summary>
    internal sealed record McpTokenView(string Token, string TokenType, DateTimeOffset ExpiresAt, string Endpoint);
}
