namespace Workbench.Web.Apis;

/// <summary>The classroom HTTP API (<c>/api/classes</c>): classes, join codes, dashboard data, grade export.</summary>
public static class ClassroomApi
{
    /// <summary>Maps the classroom API.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapClassroomApi(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
