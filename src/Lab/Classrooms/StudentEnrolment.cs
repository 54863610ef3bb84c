using Workbench.Lab.Storage;

namespace Workbench.Lab.Classrooms;

/// <summary>A student who has just joined a class, or signed back in to it.</summary>
/// <param name="Student">The student account (role <see cref="LabRoles.Student"/>).</param>
/// <param name="Class">The class.</param>
/// <param name="ReentryCode">On a first join: the personal re-entry code in plain text, to show the student once
/// (only its hash is stored; see <see cref="ReentryCodes"/>). Null when the student signed back in.</param>
public sealed record StudentEnrolment(UserAccount Student, Classroom Class, string? ReentryCode = null);
