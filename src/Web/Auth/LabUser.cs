using System.Security.Claims;
using Workbench.Lab.Quotas;
using Workbench.Lab.Storage;

namespace Workbench.Web.Auth;

/// <summary>The signed-in user as the web app sees it, read from the authentication cookie's claims.</summary>
/// <param name="UserId">The user id (claim <see cref="ClaimTypes.NameIdentifier"/>).</param>
/// <param name="DisplayName">The display name (claim <see cref="ClaimTypes.Name"/>).</param>
/// <param name="Role">One of <see cref="LabRoles"/> (claim <see cref="ClaimTypes.Role"/>).</param>
/// <param name="ClassId">Students: their class (claim <see cref="ClassIdClaim"/>); otherwise null.</param>
public sealed record LabUser(string UserId, string DisplayName, string Role, string? ClassId)
{
    /// <summary>The claim type holding a student's class id.</summary>
    public const string ClassIdClaim = "wb:class";

    /// <summary>Whether the user is an instructor.</summary>
    public bool IsInstructor => Role == LabRoles.Instructor;

    /// <summary>Who this user's engine use is charged to: students under their class's quotas; instructors and
    /// the self-paced learner without quotas (still queued fairly).</summary>
    public EngineCaller ToEngineCaller() => new(UserId, Role == LabRoles.Student ? ClassId : null);

    /// <summary>The claims principal for the cookie (authentication type <paramref name="scheme"/>).</summary>
    /// <param name="scheme">The authentication scheme name.</param>
    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, UserId),
            new(ClaimTypes.Name, DisplayName),
            new(ClaimTypes.Role, Role),
        };
        if (ClassId is not null) claims.Add(new Claim(ClassIdClaim, ClassId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>Who a principal's engine use is charged to: its user's <see cref="ToEngineCaller"/>, or
    /// <see cref="EngineCaller.Anonymous"/> when nobody (or no complete user) is signed in.</summary>
    /// <param name="principal">The principal (a hub's Context.User, or Blazor's authentication state).</param>
    public static EngineCaller CallerOf(ClaimsPrincipal? principal) => FromPrincipal(principal)?.ToEngineCaller() ?? EngineCaller.Anonymous;

    /// <summary>The user of an authenticated principal, or null when it is anonymous or lacks the claims.</summary>
    /// <param name="principal">The principal (HttpContext.User, a hub's Context.User, or Blazor's authentication state).</param>
    public static LabUser? FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true) return null;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var role = principal.FindFirstValue(ClaimTypes.Role);
        if (id is null || role is null) return null;
        return new LabUser(id, principal.FindFirstValue(ClaimTypes.Name) ?? id, role, principal.FindFirstValue(ClassIdClaim));
    }
}
