namespace Workbench.Lab.Classrooms;

/// <summary>An instructor reset a student's attempts at one exercise (<see cref="ClassroomEvents.AttemptsReset"/>).</summary>
/// <param name="ClassId">The class.</param>
/// <param name="UserId">The student.</param>
/// <param name="LabId">The lab.</param>
/// <param name="ExerciseId">The exercise.</param>
/// <param name="Count">How many submissions were marked reset.</param>
public sealed record AttemptsReset(string ClassId, string UserId, string LabId, string ExerciseId, int Count);
