using System.Security.Claims;
using Workbench.Lab.Storage;

namespace Workbench.Web.Auth;

/// <summary>The authorization policies (use the names with <c>[Authorize(Policy = ...)]</c>,
/// <c>RequireAuthorization(...)</c> and <c>AuthorizeView Policy</c>).</summary>
public static class WorkbenchPolicies
{
    /// <summary>Role <see cref="LabRoles.Instructor"/>.</summary>
    public const string Instructor = "Instructor";

    /// <summary>Role <see cref="LabRoles.Student"/> or <see cref="LabRoles.Learner"/> (does labs).</summary>
    public const string Student = "Student";

    /// <summary>Any signed-in user (in self-paced mode: every request, as the local learner).</summary>
    public const string Member = "Member";

    /// <summary>Controls the engine for everyone (loads or switches the model, changes engine settings): in
    /// classroom mode instructors only (students still read model information); in self-paced mode the local
    /// learner. The rule is <see cref="AllowsEngineControl"/>.</summary>
    public const string EngineControl = "EngineControl";

    /// <summary>The rule of <see cref="EngineControl"/>: role <see cref="LabRoles.Instructor"/>, or
    /// <see cref="LabRoles.Learner"/> (the self-paced mode's local learner; classroom mode has none).</summary>
    /// <param name="user">The signed-in user; null or anonymous is refused.</param>
    public static bool AllowsEngineControl(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && (user.IsInRole(LabRoles.Instructor) || user.IsInRole(LabRoles.Learner));
}
