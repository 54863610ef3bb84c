using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Workbench.Lab;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Storage;
using Workbench.Web.Components.Pages.Account;
using Workbench.Web.Security;

namespace Workbench.Web.Auth;

/// <summary>
/// Sign-in, join, sign-back-in and sign-out: form posts from the static-SSR account pages (antiforgery token
/// required), answered with a redirect — on success to <c>returnUrl</c> (a local path), or after a first join to
/// the page that shows the new re-entry code once (<see cref="ReentryCodeNotice"/>); back to the form with an
/// <c>error</c> query on failure: <c>invalid-credentials</c>, <c>unknown-code</c>, <c>name-required</c>,
/// <c>name-taken</c> (join: sign back in instead), <c>invalid-reentry-code</c>, or a sentence (a display name too
/// long, an expired form).
/// </summary>
internal static class AccountEndpoints
{
    public const string ExpiredMessage = "The form expired (it was open too long, or cookies are blocked); please try again.";

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").WithTags("Account").AllowAnonymous();
        // Order -1: these POSTs win over the Razor page endpoints of the same paths (which also accept POST).
        account.MapPost("/login", LoginAsync).WithName("SignIn").WithOrder(-1).RequireSignInLimits();
        account.MapPost("/join", JoinAsync).WithName("JoinClass").WithOrder(-1).RequireSignInLimits();
        account.MapPost("/rejoin", RejoinAsync).WithName("RejoinClass").WithOrder(-1).RequireSignInLimits();
        account.MapPost("/logout", LogoutAsync).WithName("SignOut").WithOrder(-1);
    }

    private static async Task<IResult> LoginAsync(HttpContext http, IAntiforgery antiforgery, InstructorAccounts instructors, IOptions<LabOptions> lab)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = LocalOrNull(form["returnUrl"]) ?? "/classes";
        var userName = form["userName"].ToString();
        if (lab.Value.Mode != LabMode.Classroom) return TypedResults.LocalRedirect("/");

        string Back(string error) => Query(("error", error), ("userName", userName), ("returnUrl", returnUrl));
        if (!await antiforgery.IsRequestValidAsync(http)) return TypedResults.LocalRedirect("/account/login" + Back(ExpiredMessage));

        var account = await instructors.VerifyAsync(userName, form["password"], http.RequestAborted);
        if (account is null) return TypedResults.LocalRedirect("/account/login" + Back("invalid-credentials"));

        var user = new LabUser(account.Id, account.DisplayName, account.Role, null);
        await http.SignInAsync(WorkbenchAuthSchemes.Cookie, user.ToPrincipal(WorkbenchAuthSchemes.Cookie), new AuthenticationProperties { IsPersistent = true });
        return TypedResults.LocalRedirect(returnUrl);
    }

    private static async Task<IResult> JoinAsync(HttpContext http, IAntiforgery antiforgery, ClassroomService classrooms, IOptions<LabOptions> lab)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var code = form["joinCode"].ToString();
        var displayName = form["displayName"].ToString();
        if (lab.Value.Mode != LabMode.Classroom) return TypedResults.LocalRedirect("/");

        string Back(string error) => Query(("error", error), ("code", code.Trim()), ("displayName", displayName.Trim()));
        if (!await antiforgery.IsRequestValidAsync(http)) return TypedResults.LocalRedirect("/join" + Back(ExpiredMessage));

        StudentEnrolment enrolment;
        try
        {
            enrolment = await classrooms.JoinAsync(code, displayName, http.RequestAborted);
        }
        catch (ClassroomException e)
        {
            return TypedResults.LocalRedirect("/join" + Back(ErrorOf(e, displayName)));
        }

        await SignInStudentAsync(http, enrolment);
        ReentryCodeNotice.Issue(http, enrolment.Student.Id, enrolment.ReentryCode!);
        var next = LocalOrNull(form["returnUrl"]) ?? "/labs";
        return TypedResults.LocalRedirect(ReentryCodeNotice.PagePath + Query(("returnUrl", next)));
    }

    private static async Task<IResult> RejoinAsync(HttpContext http, IAntiforgery antiforgery, ClassroomService classrooms, IOptions<LabOptions> lab)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var code = form["joinCode"].ToString();
        var displayName = form["displayName"].ToString();
        if (lab.Value.Mode != LabMode.Classroom) return TypedResults.LocalRedirect("/");

        // The re-entry code never goes back into a URL.
        string Back(string error) => Query(("error", error), ("code", code.Trim()), ("displayName", displayName.Trim()));
        if (!await antiforgery.IsRequestValidAsync(http)) return TypedResults.LocalRedirect("/account/rejoin" + Back(ExpiredMessage));

        StudentEnrolment enrolment;
        try
        {
            enrolment = await classrooms.RejoinAsync(code, displayName, form["reentryCode"], http.RequestAborted);
        }
        catch (ClassroomException e)
        {
            return TypedResults.LocalRedirect("/account/rejoin" + Back(ErrorOf(e, displayName)));
        }

        await SignInStudentAsync(http, enrolment);
        return TypedResults.LocalRedirect(LocalOrNull(form["returnUrl"]) ?? "/labs");
    }

    private static string ErrorOf(ClassroomException e, string displayName) => e.Code switch
    {
        ClassroomException.UnknownCode => "unknown-code",
        ClassroomException.NameTaken => "name-taken",
        ClassroomException.InvalidReentryCode => "invalid-reentry-code",
        ClassroomException.InvalidDisplayName when string.IsNullOrWhiteSpace(displayName) => "name-required",
        _ => e.Message,
    };

    private static Task SignInStudentAsync(HttpContext http, StudentEnrolment enrolment)
    {
        var user = new LabUser(enrolment.Student.Id, enrolment.Student.DisplayName, LabRoles.Student, enrolment.Class.Id);
        return http.SignInAsync(WorkbenchAuthSchemes.Cookie, user.ToPrincipal(WorkbenchAuthSchemes.Cookie), new AuthenticationProperties { IsPersistent = true });
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        await http.Request.ReadFormAsync(http.RequestAborted);
        if (!await antiforgery.IsRequestValidAsync(http)) return TypedResults.LocalRedirect("/");
        await http.SignOutAsync(WorkbenchAuthSchemes.Cookie);
        return TypedResults.LocalRedirect("/");
    }

    private static string Query(params (string Name, string Value)[] parameters) =>
        QueryString.Create(parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value))).ToUriComponent();

    /// <summary>The URL when it is a path on this site (<c>/x</c>, not <c>//host</c> or <c>/\host</c>), else null.</summary>
    public static string? LocalOrNull(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/') return null;
        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\')) return null;
        return url.Any(char.IsControl) ? null : url;
    }
}
