using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Workbench.Lab;
using Workbench.Lab.Storage;

namespace Workbench.Web.Auth;

/// <summary>Authentication (cookie; the local learner in self-paced mode) and the role policies.</summary>
public static class WorkbenchAuthServiceCollectionExtensions
{
    private static readonly PathString[] NoRedirectPaths = ["/api", "/hubs", "/v1", "/_blazor"];

    /// <summary>
    /// Adds authentication with two schemes — <see cref="WorkbenchAuthSchemes.LocalLearner"/> (the default in
    /// self-paced mode: every request is the local learner) and <see cref="WorkbenchAuthSchemes.Cookie"/> (the
    /// default in classroom mode: HttpOnly, SameSite=Lax, 12 h sliding; login path <c>/account/login</c>; requests
    /// to <c>/api</c>, <c>/hubs</c>, <c>/v1</c> and non-HTML requests get 401/403 instead of a redirect) —, the
    /// policies of <see cref="WorkbenchPolicies"/>, Blazor's cascading authentication state, the scoped
    /// <see cref="CurrentUser"/>, and a circuit handler that charges components' engine use to the signed-in user.
    /// Expects <c>AddLab</c> (for <see cref="LabOptions"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddWorkbenchAuth(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCookie(WorkbenchAuthSchemes.Cookie, ConfigureCookie)
            .AddScheme<AuthenticationSchemeOptions, LocalLearnerAuthenticationHandler>(WorkbenchAuthSchemes.LocalLearner, null);
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<LabOptions>>((auth, lab) =>
        {
            var scheme = lab.Value.Mode == LabMode.Classroom ? WorkbenchAuthSchemes.Cookie : WorkbenchAuthSchemes.LocalLearner;
            auth.DefaultScheme = scheme;
            auth.DefaultAuthenticateScheme = scheme;
            auth.DefaultChallengeScheme = scheme;
            auth.DefaultForbidScheme = scheme;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(WorkbenchPolicies.Instructor, p => p.RequireAuthenticatedUser().RequireRole(LabRoles.Instructor))
            .AddPolicy(WorkbenchPolicies.Student, p => p.RequireAuthenticatedUser().RequireRole(LabRoles.Student, LabRoles.Learner))
            .AddPolicy(WorkbenchPolicies.Member, p => p.RequireAuthenticatedUser())
            .AddPolicy(WorkbenchPolicies.EngineControl, p => p.RequireAssertion(c => WorkbenchPolicies.AllowsEngineControl(c.User)));

        services.AddCascadingAuthenticationState();
        services.TryAddScoped<CurrentUser>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, EngineCallerCircuitHandler>());
        return services;
    }

    /// <summary>Adds the authentication and authorization middleware and maps the account endpoints
    /// (sign-in, join, sign-out). Call before <c>MapWebUi</c>.</summary>
    /// <param name="app">The web application.</param>
    public static WebApplication UseWorkbenchAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAccountEndpoints();
        return app;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions cookie)
    {
        cookie.Cookie.Name = ".Workbench.Auth";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
        cookie.SlidingExpiration = true;
        cookie.LoginPath = "/account/login";
        cookie.LogoutPath = "/account/logout";
        cookie.AccessDeniedPath = "/account/login";
        cookie.ReturnUrlParameter = "returnUrl";
        cookie.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
        cookie.Events.OnRedirectToAccessDenied = context =>
        {
            // Signed in, but not allowed: say so on the sign-in page (which also offers another account).
            context.RedirectUri = QueryHelpers.AddQueryString(context.RedirectUri, "error", "forbidden");
            return RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        };
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var request = context.Request;
        var wantsPage = HttpMethods.IsGet(request.Method)
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
            && !NoRedirectPaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
        if (wantsPage) context.Response.Redirect(context.RedirectUri);
        else context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
