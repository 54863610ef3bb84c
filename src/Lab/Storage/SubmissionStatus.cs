namespace Workbench.Lab.Storage;

/// <summary>Where a submission is in its life. Written <see cref="Pending"/> before grading starts, so a crash
/// loses nothing: pending and grading submissions are graded again at start-up.</summary>
public enum SubmissionStatus
{
    /// <summary>Stored, waiting for the grader.</summary>
    Pending,

    /// <summary>The grader has it (or had it when the process stopped).</summary>
    Grading,

    /// <summary>Graded; <see cref="Submission.Result"/> holds the result.</summary>
    Graded,
}
