using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Classrooms;

/// <summary>
/// Progress from submissions, the same way everywhere (lab list, dashboard, grade export). Counted submissions are
/// those not reset; a submission contributes a score once graded with outcome <see cref="GradeOutcome.Graded"/> or
/// <see cref="GradeOutcome.CompileError"/> (<see cref="GradeOutcome.Error"/> is the grader's fault and scores nothing).
/// </summary>
public static class LabProgressCalculator
{
    /// <summary>One student's progress on <paramref name="lab"/>.</summary>
    /// <param name="lab">The lab.</param>
    /// <param name="submissions">The student's submissions (any labs, any order; others are ignored).</param>
    public static LabProgress ForLab(LabDefinition lab, IEnumerable<Submission> submissions)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var counted = submissions.Where(s => !s.IsReset && string.Equals(s.LabId, lab.Id, StringComparison.Ordinal)).ToList();
        var exercises = lab.Exercises.Select(e => ForExercise(e, counted)).ToList();
        var status = exercises.All(e => e.Status == ProgressStatus.NotStarted) ? ProgressStatus.NotStarted
            : exercises.All(e => e.Status == ProgressStatus.Complete) ? ProgressStatus.Complete
            : ProgressStatus.InProgress;
        return new LabProgress(lab.Id, exercises.Sum(e => e.BestScore), lab.MaxScore, exercises.Sum(e => e.Attempts), status, exercises);
    }

    /// <summary>One student's progress on <paramref name="exercise"/>.</summary>
    /// <param name="exercise">The exercise.</param>
    /// <param name="labSubmissions">The student's counted submissions of the exercise's lab.</param>
    public static ExerciseProgress ForExercise(ExerciseDefinition exercise, IEnumerable<Submission> labSubmissions)
    {
        ArgumentNullException.ThrowIfNull(exercise);
        var mine = labSubmissions.Where(s => !s.IsReset && string.Equals(s.ExerciseId, exercise.Id, StringComparison.Ordinal)).ToList();
        if (mine.Count == 0) return new ExerciseProgress(exercise.Id, 0, exercise.MaxScore, 0, ProgressStatus.NotStarted, null);
        var scored = mine.Where(IsScored).ToList();
        var best = scored.Count == 0 ? 0 : scored.Max(s => s.Result!.Score);
        var complete = scored.Count > 0 && best >= exercise.MaxScore;
        var latest = mine.OrderByDescending(s => s.Attempt).ThenByDescending(s => s.CreatedAt).First();
        return new ExerciseProgress(exercise.Id, best, exercise.MaxScore, mine.Count, complete ? ProgressStatus.Complete : ProgressStatus.InProgress, latest.Id);
    }

    /// <summary>The newest counted submission of <paramref name="submissions"/> that has a score (see the class remarks), or null.</summary>
    /// <param name="submissions">Submissions of one student and one exercise.</param>
    public static Submission? LatestScored(IEnumerable<Submission> submissions) =>
        submissions.Where(s => !s.IsReset && IsScored(s)).OrderByDescending(s => s.Attempt).ThenByDescending(s => s.CreatedAt).FirstOrDefault();

    /// <summary>Whether a submission has a score that counts.</summary>
    /// <param name="submission">A submission.</param>
    public static bool IsScored(Submission submission) =>
        submission is { Status: SubmissionStatus.Graded, Result: { Outcome: not GradeOutcome.Error } };
}
