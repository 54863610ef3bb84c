using Microsoft.AspNetCore.DataProtection;

namespace Workbench.Web.Components.Pages.Account;

/// <summary>
/// Carries a just-issued re-entry code from the join endpoint to the page that shows it once
/// (<c>/account/reentry-code</c>), without putting it in a URL: an HttpOnly, SameSite=Strict cookie scoped to that
/// path, holding the student's id and the code encrypted with ASP.NET Core Data Protection (time-limited to
/// <see cref="Lifetime"/>). <see cref="TakeOnce"/> deletes the cookie as it reads it, so a reload shows nothing.
/// </summary>
public static class ReentryCodeNotice
{
    /// <summary>The page that shows the code.</summary>
    public const string PagePath = "/account/reentry-code";

    /// <summary>How long the code waits to be shown: 10 minutes.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const string CookieName = ".Workbench.ReentryCode";
    private const string Purpose = "Workbench.Web.ReentryCodeNotice.v1";

    /// <summary>Sets the cookie for <paramref name="userId"/>'s new <paramref name="reentryCode"/>.</summary>
    /// <param name="http">The join request.</param>
    /// <param name="userId">The student the code belongs to.</param>
    /// <param name="reentryCode">The code in plain text.</param>
    public static void Issue(HttpContext http, string userId, string reentryCode)
    {
        ArgumentNullException.ThrowIfNull(http);
        var value = Protector(http).Protect($"{userId}\n{reentryCode}", Lifetime);
        http.Response.Cookies.Append(CookieName, value, Options(http));
    }

    /// <summary>The code waiting for <paramref name="userId"/>, or null (none, expired, tampered with, or another
    /// user's); the cookie is deleted either way.</summary>
    /// <param name="http">The request of the page that shows it.</param>
    /// <param name="userId">The signed-in student.</param>
    public static string? TakeOnce(HttpContext http, string userId)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value)) return null;
        http.Response.Cookies.Delete(CookieName, Options(http));
        try
        {
            var parts = Protector(http).Unprotect(value).Split('\n');
            return parts.Length == 2 && string.Equals(parts[0], userId, StringComparison.Ordinal) ? parts[1] : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // expired, or not ours
        }
    }

    private static ITimeLimitedDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();

    private static CookieOptions Options(HttpContext http) => new()
    {
        Path = PagePath,
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        IsEssential = true,
        MaxAge = Lifetime,
    };
}
