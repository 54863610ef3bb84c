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
}
