using System.Text.Json.Serialization;
using Workbench.Lab.Grading;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Classrooms;

/// <summary>A line of the dashboard's recent-submissions list.</summary>
/// <param name="SubmissionId">The submission.</param>
/// <param name="UserId">The student.</param>
/// <param name="StudentName">The student's display name.</param>
/// <param name="LabId">The lab.</param>
/// <param name="LabTitle">The lab title (the id when the lab is no longer in the catalog).</param>
/// <param name="ExerciseId">The exercise.</param>
/// <param name="ExerciseTitle">The exercise title (the id when unknown).</param>
/// <param name="Attempt">1-based attempt number.</param>
/// <param name="Score">The score once graded, else null.</param>
/// <param name="MaxScore">The exercise's maximum.</param>
/// <param name="Status">Pending, grading or graded (JSON: kebab case, for example <c>compile-error</c>).</param>
/// <param name="Outcome">Once graded: graded, compile error or error (JSON: kebab case, for example <c>compile-error</c>); else null.</param>
/// <param name="IsReset">Whether an instructor reset it.</param>
/// <param name="CreatedAt">When it was submitted (UTC).</param>
/// <param name="GradedAt">When grading finished (UTC), or null.</param>
public sealed record RecentSubmission(
    string SubmissionId,
    string UserId,
    string StudentName,
    string LabId,
    string LabTitle,
    string ExerciseId,
    string ExerciseTitle,
    int Attempt,
    int? Score,
    int MaxScore,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<SubmissionStatus>))] SubmissionStatus Status,
    [property: JsonConverter(typeof(KebabCaseEnumConverter<GradeOutcome>))] GradeOutcome? Outcome,
    bool IsReset,
    DateTimeOffset CreatedAt,
    DateTimeOffset? GradedAt);
