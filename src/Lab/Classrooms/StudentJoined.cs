namespace Workbench.Lab.Classrooms;

/// <summary>A student joined a class or signed back in (<see cref="ClassroomEvents.StudentJoined"/>).</summary>
/// <param name="ClassId">The class.</param>
/// <param name="UserId">The student.</param>
/// <param name="IsNewStudent">True for a first join (a new account), false for a return with the re-entry code.</param>
public sealed record StudentJoined(string ClassId, string UserId, bool IsNewStudent);
