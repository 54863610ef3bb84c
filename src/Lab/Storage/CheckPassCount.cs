namespace Workbench.Lab.Storage;

/// <summary>How a class did on one check (or quiz question), for the instructor dashboard.</summary>
/// <param name="LabId">The lab.</param>
/// <param name="ExerciseId">The exercise.</param>
/// <param name="CheckId">The check or question id.</param>
/// <param name="Passed">Students whose latest counted attempt passed the check.</param>
/// <param name="Graded">Students with a counted attempt that has a result for the check.</param>
public sealed record CheckPassCount(string LabId, string ExerciseId, string CheckId, int Passed, int Graded)
{
    /// <summary><see cref="Passed"/> / <see cref="Graded"/>, in 0..1 (0 when nobody was graded).</summary>
    public double Rate => Graded == 0 ? 0 : (double)Passed / Graded;
}
