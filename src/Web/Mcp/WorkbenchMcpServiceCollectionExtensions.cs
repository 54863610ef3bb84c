using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using Workbench.Lab;
using Workbench.Lab.Mcp;
using Workbench.Lab.Mcp.Server;
using Workbench.Web.Auth;

namespace Workbench.Web.Mcp;

/// <summary>Registers the lab's own MCP server (<c>/mcp</c>) and its security: options, quota, tokens, policy.</summary>
public static class WorkbenchMcpServiceCollectionExtensions
{
    /// <summary>The authorization policy of <c>/mcp</c>: classroom mode — a member signed in by the session cookie
    /// or by an MCP bearer token (<see cref="McpTokenAuthenticationHandler"/>); self-paced mode — the local learner.</summary>
    public const string Policy = "McpMember";

    /// <summary>
    /// Adds <see cref="WebMcpOptions"/> (section <c>Web:Mcp</c>, validated at start), <see cref="McpCallQuota"/>,
    /// <see cref="McpAccessTokens"/>, the <see cref="McpTokenAuthenticationHandler.SchemeName"/> scheme, the
    /// <see cref="Policy"/> policy, and the MCP server: streamable HTTP, <b>stateless</b>
    /// (<c>HttpServerSessionMode.Stateless</c>). Stateless because the server keeps nothing per client — its tools,
    /// resources and prompts are fixed, it sends no requests or notifications of its own — so every POST stands
    /// alone: authentication, the Origin/Host rules and the quota apply to each request, nothing is held for idle
    /// clients (a classroom of them), and a restart of the app breaks no client's session. (GET and DELETE on
    /// <c>/mcp</c> are then 405, as the specification allows: no stream, no session to end.) Each <c>tools/call</c> takes one call from the
    /// member's <see cref="McpCallQuota"/>; an exhausted quota is a tool result with <c>isError: true</c> saying
    /// when to retry (a tool result, not HTTP 429: the model or user reading the result sees why, and the JSON-RPC
    /// batch around it stays valid). When <see cref="WebMcpOptions.IncludeWorkbenchServer"/> is true the lab's
    /// client gets <see cref="WorkbenchStdioServer"/> in <see cref="McpOptions.HostServers"/>. Expects <c>AddLab</c>
    /// and <c>AddWorkbenchAuth</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding <c>Web:Mcp</c>.</param>
    public static IServiceCollection AddWorkbenchMcp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebMcpOptions>()
            .Bind(configuration.GetSection(WebMcpOptions.SectionName))
            .Validate(o => o.CallsPerMinutePerMember is >= 1 and <= 10_000, "Web:Mcp:CallsPerMinutePerMember must be within 1..10000.")
            .ValidateOnStart();
        services.TryAddSingleton<McpCallQuota>();
        services.AddSingleton(sp => new McpAccessTokens(
            sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), sp.GetService<TimeProvider>()));

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, McpTokenAuthenticationHandler>(McpTokenAuthenticationHandler.SchemeName, null);
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<LabOptions>>((authorization, lab) =>
            authorization.AddPolicy(Policy, policy =>
            {
                if (lab.Value.Mode == LabMode.Classroom) policy.AddAuthenticationSchemes(WorkbenchAuthSchemes.Cookie, McpTokenAuthenticationHandler.SchemeName);
                else policy.AddAuthenticationSchemes(WorkbenchAuthSchemes.LocalLearner);
                policy.RequireAuthenticatedUser();
            }));

        services.AddMcpServer()
            .WithHttpTransport(o => o.SessionMode = ModelContextProtocol.AspNetCore.HttpServerSessionMode.Stateless)
            .WithLabPrimitives()
            .WithRequestFilters(filters => filters.AddCallToolFilter(next => async (context, cancellationToken) =>
            {
                var quota = (context.Services ?? context.Server.Services)!.GetRequiredService<McpCallQuota>();
                if (LabUser.FromPrincipal(context.User) is not { } user)
                    return Refusal("Only signed-in members may call the workbench's tools.");
                if (!quota.TryAcquire(user, out var retryAfter))
                    return Refusal($"Too many tool calls: the limit is {quota.PerMinute} a minute per member. Try again in {Math.Ceiling(retryAfter.TotalSeconds):0} s.");
                return await next(context, cancellationToken);
            }));

        services.AddOptions<McpOptions>().PostConfigure<IOptions<WebMcpOptions>, IOptions<LabOptions>>((mcp, web, lab) =>
        {
            if (!web.Value.IncludeWorkbenchServer || mcp.HostServers.Any(s => s.Name == WorkbenchStdioServer.Name)) return;
            mcp.HostServers.Insert(0, WorkbenchStdioServer.Config(lab.Value.ContentDirectory));
        });
        return services;
    }

    private static CallToolResult Refusal(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };
}
