namespace Workbench.Lab.Classrooms;

/// <summary>A student's progress on one exercise, from their counted (not reset) submissions.</summary>
/// <param name="ExerciseId">The exercise.</param>
/// <param name="BestScore">The best score of a graded submission (0 when none).</param>
/// <param name="MaxScore">The exercise's maximum.</param>
/// <param name="Attempts">Counted submissions (graded or not).</param>
/// <param name="Status">Not started, in progress, or complete (full marks).</param>
/// <param name="LatestSubmissionId">The newest counted submission, or null.</param>
public sealed record ExerciseProgress(string ExerciseId, int BestScore, int MaxScore, int Attempts, ProgressStatus Status, string? LatestSubmissionId);
