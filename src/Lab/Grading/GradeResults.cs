using Workbench.Lab.Content;

namespace Workbench.Lab.Grading;

/// <summary>Building blocks the graders share: thresholds, summaries, and the results of submissions that never
/// reached their checks.</summary>
internal static class GradeResults
{
    /// <summary>Why grading could not run when no model is loaded (after waiting for one).</summary>
    public const string NoModelLoaded = "No model is loaded, so the checks cannot run. Load a model and submit again.";

    /// <summary>Whether <paramref name="passed"/> of <paramref name="trials"/> meets <paramref name="threshold"/>
    /// (a fraction in (0, 1]; a tiny tolerance absorbs rounding, so 2 of 3 meets 0.66).</summary>
    public static bool MeetsThreshold(int passed, int trials, double threshold) =>
        trials > 0 && (double)passed / trials >= threshold - 1e-3;

    /// <summary><c>All 4 checks passed (9/9 points)</c> or <c>2 of 4 checks passed (5/9 points)</c>.</summary>
    public static string Summary(IReadOnlyList<CheckResult> checks, string noun = "check")
    {
        var passed = checks.Count(c => c.Passed);
        var points = $"({checks.Sum(c => c.Points)}/{checks.Sum(c => c.MaxPoints)} points)";
        var plural = checks.Count == 1 ? noun : noun + "s";
        return passed == checks.Count && checks.Count > 0
            ? $"All {checks.Count} {plural} passed {points}"
            : $"{passed} of {checks.Count} {plural} passed {points}";
    }

    /// <summary>Every check failed with <paramref name="checkMessage"/>; score 0.</summary>
    public static GradeResult AllFailed(ExerciseDefinition exercise, GradeOutcome outcome, string summary, string checkMessage,
        IReadOnlyList<CompileDiagnostic>? diagnostics = null)
    {
        var checks = exercise.Checks
            .Select(c => new CheckResult(c.Id, c.Title, false, checkMessage, 0, c.Points, 0, c.Trials))
            .ToList();
        return new GradeResult(outcome, 0, exercise.MaxScore, TimeSpan.Zero, 0, checks, diagnostics ?? [], summary);
    }

    /// <summary>Grading could not run (not the student's fault): <see cref="GradeOutcome.Error"/>, score 0.</summary>
    public static GradeResult Error(ExerciseDefinition exercise, string message) =>
        AllFailed(exercise, GradeOutcome.Error, "Grading could not run: " + message, "not graded");
}
