namespace Workbench.Lab.Classrooms;

/// <summary>How a class does on one check (or quiz question): among students with a scored submission of the
/// exercise, the fraction whose latest scored submission passed it.</summary>
/// <param name="LabId">The lab.</param>
/// <param name="ExerciseId">The exercise.</param>
/// <param name="CheckId">The check or question id.</param>
/// <param name="Title">The check title (for questions: the prompt as plain text).</param>
/// <param name="Passed">Students whose latest scored submission passed the check.</param>
/// <param name="Graded">Students with a scored submission of the exercise.</param>
/// <param name="Rate"><paramref name="Passed"/> / <paramref name="Graded"/> in [0, 1], or null when nobody has been graded.</param>
public sealed record CheckPassRate(string LabId, string ExerciseId, string CheckId, string Title, int Passed, int Graded, double? Rate);
