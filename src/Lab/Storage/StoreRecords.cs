using Workbench.Lab.Grading;

namespace Workbench.Lab.Storage;

/// <summary>A person using the workbench.</summary>
/// <param name="Id">Opaque id (a GUID string, "N" format).</param>
/// <param name="UserName">Sign-in name (instructors), or null (students sign in with a join code and a display name).</param>
/// <param name="DisplayName">The name shown to instructors and on the dashboard.</param>
/// <param name="Role">One of <see cref="LabRoles"/>.</param>
/// <param name="PasswordHash">PBKDF2 hash (instructors), or null.</param>
/// <param name="CreatedAt">When the account was created (UTC).</param>
public sealed record UserAccount(string Id, string? UserName, string DisplayName, string Role, string? PasswordHash, DateTimeOffset CreatedAt);

/// <summary>The roles, as stored and as claim values.</summary>
public static class LabRoles
{
    /// <summary>Creates classes, sees every student's work, hidden checks and solutions of their classes.</summary>
    public const string Instructor = "instructor";

    /// <summary>Joined a class with a code; sees only their own work.</summary>
    public const string Student = "student";

    /// <summary>The single local learner of self-paced mode (no sign-in); sees only their own work.</summary>
    public const string Learner = "learner";
}

/// <summary>A class an instructor runs.</summary>
/// <param name="Id">Opaque id.</param>
/// <param name="Name">Display name, for example <c>LLM Engineering — Tuesday group</c>.</param>
/// <param name="JoinCode">What students type to join: 8 characters from an unambiguous alphabet, unique.</param>
/// <param name="InstructorId">The owning instructor's user id.</param>
/// <param name="RequestsPerMinute">Engine requests a student may start per minute (0 = unlimited).</param>
/// <param name="TokensPerMinute">Engine tokens (prompt + completion) a student may use per minute (0 = unlimited).</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
public sealed record Classroom(string Id, string Name, string JoinCode, string InstructorId, int RequestsPerMinute, int TokensPerMinute, DateTimeOffset CreatedAt);

/// <summary>Where a submission is in its life. Written <see cref="Pending"/> before grading starts, so a crash
/// loses nothing: pending and grading submissions are graded again at start-up.</summary>
public enum SubmissionStatus
{
    /// <summary>Stored, waiting for the grader.</summary>
    Pending,

    /// <summary>The grader has it.</summary>
    Grading,

    /// <summary>Graded; <see cref="Submission.Result"/> holds the result.</summary>
    Graded,
}

/// <summary>One submission of one exercise.</summary>
/// <param name="Id">Opaque id.</param>
/// <param name="UserId">Who submitted.</param>
/// <param name="LabId">The lab.</param>
/// <param name="ExerciseId">The exercise.</param>
/// <param name="Attempt">1-based, per (user, lab, exercise), assigned atomically by the store.</param>
/// <param name="Payload">What was submitted.</param>
/// <param name="Status">Pending, grading or graded.</param>
/// <param name="CreatedAt">When it was stored (UTC).</param>
/// <param name="GradedAt">When grading finished (UTC), or null.</param>
/// <param name="Result">The grade, once graded.</param>
/// <param name="IsReset">An instructor reset this attempt: it stays in the history but no longer counts for progress.</param>
public sealed record Submission(
    string Id,
    string UserId,
    string LabId,
    string ExerciseId,
    int Attempt,
    SubmissionPayload Payload,
    SubmissionStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? GradedAt,
    GradeResult? Result,
    bool IsReset);
