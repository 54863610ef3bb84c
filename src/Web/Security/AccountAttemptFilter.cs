using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Workbench.Web.Security;

/// <summary>
/// The per-account half of the sign-in and join limits, as an endpoint filter on <c>POST /account/login</c>
/// (account = the user name, case-insensitive) and <c>POST /account/join</c> (account = the join code without
/// separators, case-insensitive, plus the display name) and <c>POST /account/rejoin</c> (the same account as the join:
/// a guessed re-entry code counts against the student it tries to become): refuses an attempt on a locked or too-busy account with
/// <see cref="TooManyAttempts"/> before the handler runs, and reads the handler's redirect afterwards — back to the
/// form with an <c>error</c> in <see cref="FailureErrors"/> is a failure, anywhere else a success
/// (<see cref="AccountLockout"/>).
/// </summary>
internal sealed class AccountAttemptFilter(AccountLockout lockout) : IEndpointFilter
{
    /// <summary>The <c>error</c> values of the account forms' redirects that count as failed attempts: a wrong
    /// user name or password, an unknown join code, a wrong re-entry code. (An expired form or a missing name is
    /// not a guess.)</summary>
    public static readonly IReadOnlySet<string> FailureErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "invalid-credentials", "unknown-code", "invalid-reentry-code",
    };

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.HasFormContentType) return await next(context);
        var form = await http.Request.ReadFormAsync(http.RequestAborted); // cached: the handler reads the same form
        var account = AccountOf(http.Request.Path, form);
        if (account is null) return await next(context);
        if (!lockout.TryBeginAttempt(account, out var retryAfter)) return TooManyAttempts.ForAccount(http.Request, retryAfter);

        var result = await next(context);
        if (result is RedirectHttpResult { Url: { } url })
        {
            var (path, error) = Split(url);
            var backToForm = path is "/account/login" or "/join" or "/account/rejoin";
            if (backToForm && error is not null && FailureErrors.Contains(error)) lockout.RecordFailure(account);
            else if (!backToForm) lockout.RecordSuccess(account);
        }
        return result;
    }

    /// <summary>The account key of a sign-in or join form, or null when the path is neither.</summary>
    internal static string? AccountOf(PathString path, IFormCollection form)
    {
        if (path.Equals("/account/login", StringComparison.OrdinalIgnoreCase))
            return "login:" + form["userName"].ToString().Trim().ToLowerInvariant();
        if (path.Equals("/account/join", StringComparison.OrdinalIgnoreCase) || path.Equals("/account/rejoin", StringComparison.OrdinalIgnoreCase))
        {
            var code = string.Concat(form["joinCode"].ToString().Where(char.IsLetterOrDigit)).ToUpperInvariant();
            return "join:" + code + ":" + form["displayName"].ToString().Trim().ToLowerInvariant();
        }
        return null;
    }

    private static (string Path, string? Error) Split(string url)
    {
        var question = url.IndexOf('?', StringComparison.Ordinal);
        if (question < 0) return (url, null);
        var query = QueryHelpers.ParseQuery(url[question..]);
        return (url[..question], query.TryGetValue("error", out var error) ? error.ToString() : null);
    }
}
