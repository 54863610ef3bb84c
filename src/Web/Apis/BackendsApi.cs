using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Lab.Backends;
using Workbench.Web.Auth;

namespace Workbench.Web.Apis;

/// <summary>The backends API (<c>/api/backends</c>): which model backends a session can choose (issue 14 §1).
/// Delegates to <see cref="IChatBackends"/>.</summary>
/// <remarks>
/// <c>GET /api/backends</c> (Member) → 200 <c>[{name, displayName, baseUrl, model, contextWindow, isBuiltIn}]</c>, the
/// built-in engine first (<c>baseUrl</c> and <c>model</c> null, <c>contextWindow</c> the loaded model's n_ctx or
/// null), then <c>Backends:&lt;name&gt;</c> in configuration order. Never a key: <see cref="BackendInfo"/> has none.
/// </remarks>
public static class BackendsApi
{
    /// <summary>Maps the backends API.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapBackendsApi(this IEndpointRouteBuilder app)
    {
        var backends = app.MapGroup("/api/backends").WithTags("Backends").RequireAuthorization(WorkbenchPolicies.Member);
        backends.MapGet("/", List).WithName("ListBackends");
        return app;
    }

    private static Ok<IReadOnlyList<BackendInfo>> List(IChatBackends backends) => TypedResults.Ok(backends.List());
}
