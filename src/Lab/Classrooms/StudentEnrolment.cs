using Workbench.Lab.Storage;

namespace Workbench.Lab.Classrooms;

/// <summary>A student who has just joined a class.</summary>
/// <param name="Student">The new student account (role <see cref="LabRoles.Student"/>).</param>
/// <param name="Class">The class joined.</param>
public sealed record StudentEnrolment(UserAccount Student, Classroom Class);
