using Workbench.Lab.Classrooms;
using Workbench.Lab.Grading;
using Workbench.Lab.Storage;

namespace Workbench.Web.Components.Pages.Labs;

/// <summary>
/// The short status texts of the lab and dashboard pages, written once: a submission's state (the student's attempts
/// history, the dashboard's recent submissions) and a lab's or exercise's progress (the progress matrix, a student's
/// detail).
/// </summary>
public static class LabLabels
{
    /// <summary>A submission's state: <c>queued</c>, <c>grading</c>, <c>score/max</c>,
    /// <c>compile error · score/max</c>, <c>grading error</c>, or <c>graded</c> when graded without a result.</summary>
    /// <param name="submission">The submission.</param>
    public static string Of(Submission submission) =>
        OfSubmission(submission.Status, submission.Result?.Outcome, submission.Result?.Score, submission.Result?.MaxScore);

    /// <summary>A dashboard row's submission state, worded as <see cref="Of(Submission)"/>.</summary>
    /// <param name="submission">The row.</param>
    public static string Of(RecentSubmission submission) =>
        OfSubmission(submission.Status, submission.Outcome, submission.Score, submission.MaxScore);

    /// <summary>A progress status: <c>not started</c>, <c>in progress</c> or <c>complete</c>.</summary>
    /// <param name="status">The status.</param>
    public static string Of(ProgressStatus status) => status switch
    {
        ProgressStatus.NotStarted => "not started",
        ProgressStatus.Complete => "complete",
        _ => "in progress",
    };

    private static string OfSubmission(SubmissionStatus status, GradeOutcome? outcome, int? score, int? maxScore) => status switch
    {
        SubmissionStatus.Pending => "queued",
        SubmissionStatus.Grading => "grading",
        _ => outcome switch
        {
            null => "graded",
            GradeOutcome.CompileError => $"compile error · {score}/{maxScore}",
            GradeOutcome.Error => "grading error",
            _ => $"{score}/{maxScore}",
        },
    };
}
