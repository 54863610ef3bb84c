using Workbench.Lab.Grading;

namespace Workbench.Lab.Storage;

/// <summary>One submission of one exercise.</summary>
/// <param name="Id">Opaque id (a GUID string, "N" format), assigned by the store.</param>
/// <param name="UserId">Who submitted.</param>
/// <param name="LabId">The lab.</param>
/// <param name="ExerciseId">The exercise.</param>
/// <param name="Attempt">1-based, per (user, lab, exercise), assigned atomically by the store; numbering continues
/// after a reset.</param>
/// <param name="Payload">What was submitted.</param>
/// <param name="Status">Pending, grading or graded.</param>
/// <param name="CreatedAt">When it was stored (UTC, millisecond precision).</param>
/// <param name="GradedAt">When grading finished (UTC, millisecond precision), or null.</param>
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
