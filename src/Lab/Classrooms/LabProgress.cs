namespace Workbench.Lab.Classrooms;

/// <summary>A student's progress on one lab: a cell of the dashboard's students × labs matrix.</summary>
/// <param name="LabId">The lab.</param>
/// <param name="Score">The sum over the lab's exercises of the best score per exercise.</param>
/// <param name="MaxScore">The lab's maximum (sum of the exercises' maxima).</param>
/// <param name="Attempts">Counted submissions over all the lab's exercises.</param>
/// <param name="Status">Not started (no counted submission), complete (every exercise complete), else in progress.</param>
/// <param name="Exercises">Per exercise, in the lab's order.</param>
public sealed record LabProgress(string LabId, int Score, int MaxScore, int Attempts, ProgressStatus Status, IReadOnlyList<ExerciseProgress> Exercises);
