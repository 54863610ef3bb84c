using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Lab.Mcp;
using Workbench.Web.Auth;
using Workbench.Web.Mcp;

namespace Workbench.Web.Apis;

/// <summary>The MCP client HTTP API (<c>/api/mcp</c>): the servers the lab is a client of, tool calls by hand, the
/// JSON-RPC traffic, and (for <see cref="WorkbenchPolicies.EngineControl"/>) adding, removing, reconnecting and
/// pinging servers. Delegates to <see cref="IMcpServerRegistry"/>.</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>GET /servers</c> (Member) → 200 <c>[{name, transport, status, error, target, fromConfigFile, serverInfo,
/// protocolVersion, instructions, capabilities, tools: [{name, description, inputSchema}], resources, prompts,
/// connectedAt}]</c>.</item>
/// <item><c>POST /servers/{name}/tools/call</c> <c>{name, arguments}</c> (Member, one call of the member's
/// <see cref="McpCallQuota"/>) → 200 <c>{content, isError, structuredContent?, milliseconds}</c>; arguments that do not
/// match the tool's <c>inputSchema</c> are a 200 with <c>isError: true</c> (nothing was sent). 404 unknown server,
/// 400 no tool name or a tool the server does not list (the detail lists those it has), 409 the server is not
/// connected (the detail is its status and error), 503 it did not answer within the request timeout, 429 with
/// <c>Retry-After</c> (seconds) when the quota is used up.</item>
/// <item><c>POST /servers</c> an <c>mcpServers</c> entry with its name, <c>{name, command, args, env, cwd}</c> or
/// <c>{name, url, headers}</c> (EngineControl: a stdio entry runs a command on the host) → 201 with the server after
/// its connection attempt (connected or failed); 400 naming the bad key, 409 the name is taken.</item>
/// <item><c>DELETE /servers/{name}</c> → 204 or 404; <c>POST /servers/{name}/reconnect</c> → 200 server or 404;
/// <c>POST /servers/{name}/ping</c> → 200 <c>{server, milliseconds}</c>, 404, 409 not connected, 503 no answer
/// (all EngineControl).</item>
/// <item><c>GET /traffic?server=&amp;after=</c> (Member) → 200 <c>[{sequence, server, direction, kind, method, id,
/// timestamp, elapsedMs, json}]</c>, oldest first, only sequences above <c>after</c>.</item>
/// </list>
/// Errors are ProblemDetails.
/// </remarks>
public static class McpApi
{
    /// <summary>Maps the MCP API.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapMcpApi(this IEndpointRouteBuilder app)
    {
        var mcp = app.MapGroup("/api/mcp").WithTags("MCP").RequireAuthorization(WorkbenchPolicies.Member);
        mcp.MapGet("/servers", ListServers).WithName("ListMcpServers");
        mcp.MapPost("/servers/{name}/tools/call", CallToolAsync).WithName("CallMcpTool");
        mcp.MapGet("/traffic", Traffic).WithName("GetMcpTraffic");

        var control = mcp.MapGroup("/servers").RequireAuthorization(WorkbenchPolicies.EngineControl);
        control.MapPost("/", AddAsync).WithName("AddMcpServer");
        control.MapDelete("/{name}", RemoveAsync).WithName("RemoveMcpServer");
        control.MapPost("/{name}/reconnect", ReconnectAsync).WithName("ReconnectMcpServer");
        control.MapPost("/{name}/ping", PingAsync).WithName("PingMcpServer");
        return app;
    }

    private static Ok<List<McpServerView>> ListServers(IMcpServerRegistry registry) =>
        TypedResults.Ok(registry.Servers.Select(McpServerView.From).ToList());

    private static async Task<Results<Ok<McpToolCallView>, ProblemHttpResult>> CallToolAsync(
        string name, McpToolCallRequest body, HttpContext http, IMcpServerRegistry registry, McpCallQuota quota)
    {
        if (registry.Find(name) is not { } server) return NoSuchServer(name);
        if (string.IsNullOrWhiteSpace(body.Name)) return Problem(StatusCodes.Status400BadRequest, "The body needs the tool's \"name\".");
        if (server.Status != McpServerStatus.Connected) return NotConnected(server);
        if (server.Tools.All(t => t.Name != body.Name))
            return Problem(StatusCodes.Status400BadRequest, $"MCP server '{name}' has no tool '{body.Name}'; its tools: {ToolList(server)}.");
        if (LabUser.FromPrincipal(http.User) is not { } user)
            return Problem(StatusCodes.Status401Unauthorized, "Sign in to call MCP tools.");
        if (!quota.TryAcquire(user, out var retryAfter))
        {
            var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status429TooManyRequests,
                $"You have used your MCP tool calls for this minute; try again in {seconds} s.", "Too many tool calls");
        }
        try
        {
            return TypedResults.Ok(McpToolCallView.From(await registry.CallToolAsync(name, body.Name, body.Arguments, http.RequestAborted)));
        }
        catch (McpServerNotFoundException)
        {
            return NoSuchServer(name);
        }
        catch (McpServerUnavailableException e)
        {
            return Unavailable(registry, name, e);
        }
        catch (ArgumentException e)
        {
            return Problem(StatusCodes.Status400BadRequest, e.Message);
        }
    }

    private static async Task<Results<Created<McpServerView>, ProblemHttpResult>> AddAsync(JsonNode? body, IMcpServerRegistry registry, CancellationToken cancellationToken)
    {
        if (body is not JsonObject entry)
            return Problem(StatusCodes.Status400BadRequest, "The body must be an mcpServers entry with its name: {\"name\", \"command\", \"args\"} or {\"name\", \"url\"}.");
        if (entry["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name))
            return Problem(StatusCodes.Status400BadRequest, "The entry needs a \"name\" (a string).");
        var rest = entry.DeepClone().AsObject();
        rest.Remove("name");
        McpServerConfig config;
        try
        {
            config = McpServersConfigFile.ParseEntry(name, rest);
        }
        catch (McpConfigException e)
        {
            return Problem(StatusCodes.Status400BadRequest, e.Message);
        }
        if (registry.Find(name) is not null) return Problem(StatusCodes.Status409Conflict, $"An MCP server named '{name}' is already configured.");
        try
        {
            var added = await registry.AddAsync(config, cancellationToken);
            return TypedResults.Created($"/api/mcp/servers/{Uri.EscapeDataString(added.Name)}", McpServerView.From(added));
        }
        catch (McpConfigException e)
        {
            return Problem(registry.Find(name) is null ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict, e.Message);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string name, IMcpServerRegistry registry, CancellationToken cancellationToken) =>
        await registry.RemoveAsync(name, cancellationToken) ? TypedResults.NoContent() : NoSuchServer(name);

    private static async Task<Results<Ok<McpServerView>, ProblemHttpResult>> ReconnectAsync(string name, IMcpServerRegistry registry, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(McpServerView.From(await registry.ReconnectAsync(name, cancellationToken)));
        }
        catch (McpServerNotFoundException)
        {
            return NoSuchServer(name);
        }
    }

    private static async Task<Results<Ok<McpPingView>, ProblemHttpResult>> PingAsync(string name, IMcpServerRegistry registry, CancellationToken cancellationToken)
    {
        try
        {
            var roundTrip = await registry.PingAsync(name, cancellationToken);
            return TypedResults.Ok(new McpPingView(name, roundTrip.TotalMilliseconds));
        }
        catch (McpServerNotFoundException)
        {
            return NoSuchServer(name);
        }
        catch (McpServerUnavailableException e)
        {
            return Unavailable(registry, name, e);
        }
    }

    private static Ok<List<McpTrafficView>> Traffic(IMcpServerRegistry registry, string? server = null, long after = 0) =>
        TypedResults.Ok(registry.Traffic.Snapshot(string.IsNullOrEmpty(server) ? null : server, after).Select(McpTrafficView.From).ToList());

    // Not connected before the call: 409 with its status; connected but no answer in time: 503.
    private static ProblemHttpResult Unavailable(IMcpServerRegistry registry, string name, McpServerUnavailableException e) =>
        registry.Find(name) is { Status: not McpServerStatus.Connected } server
            ? NotConnected(server, e.Message)
            : Problem(StatusCodes.Status503ServiceUnavailable, e.Message, "The MCP server did not answer");

    private static ProblemHttpResult NotConnected(McpServerSnapshot server, string? detail = null) =>
        Problem(StatusCodes.Status409Conflict,
            detail ?? $"MCP server '{server.Name}' is {McpApiNames.Of(server.Status)}{(server.Error is { } error ? $": {error}" : ".")}",
            "The MCP server is not connected");

    private static string ToolList(McpServerSnapshot server) =>
        server.Tools.Count == 0 ? "(none)" : string.Join(", ", server.Tools.Select(t => t.Name));

    private static ProblemHttpResult NoSuchServer(string name) =>
        Problem(StatusCodes.Status404NotFound, $"No MCP server named '{name}' is configured.", "Not found");

    private static ProblemHttpResult Problem(int status, string detail, string? title = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title ?? (status == StatusCodes.Status400BadRequest ? "The request is not valid." : null));
}
