using Microsoft.AspNetCore.Authentication.Cookies;

namespace Workbench.Web.Auth;

/// <summary>The authentication schemes; which one is the default depends on <c>Lab:Mode</c>.</summary>
public static class WorkbenchAuthSchemes
{
    /// <summary>Classroom mode: the sign-in cookie (HttpOnly, SameSite=Lax, 12 h sliding).</summary>
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>Self-paced mode: every request is the local learner (<see cref="LocalLearnerAuthenticationHandler"/>).</summary>
    public const string LocalLearner = "LocalLearner";
}
