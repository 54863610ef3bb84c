namespace Workbench.Web.Apis;

/// <summary>The lab HTTP API (<c>/api/labs</c>, <c>/api/submissions</c>): content views, submitting, results.</summary>
public static class LabApi
{
    /// <summary>Maps the lab API.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapLabApi(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
