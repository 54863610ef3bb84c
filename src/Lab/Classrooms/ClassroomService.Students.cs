using System.Globalization;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Classrooms;

// Students: joining (which issues a re-entry code), signing back in with it, and an instructor's reset of it.
public sealed partial class ClassroomService
{
    // One join at a time checks "is the name free?" and creates the student, so two tabs joining as the same name
    // at once cannot both get in (the store has no per-class unique name: display names live on users).
    private readonly SemaphoreSlim _joinGate = new(1, 1);

    /// <summary>Joins the class with <paramref name="joinCode"/>: creates a student account named
    /// <paramref name="displayName"/> with a new re-entry code (<see cref="StudentEnrolment.ReentryCode"/>, to show
    /// once; only its hash is stored), enrols it and raises <see cref="ClassroomEvents.StudentJoined"/>.</summary>
    /// <param name="joinCode">The code as typed (case, spaces and dashes ignored).</param>
    /// <param name="displayName">The name the instructor sees (trimmed; 1–40 characters, no control characters;
    /// unique in the class ignoring case).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new student, their class and their re-entry code.</returns>
    /// <exception cref="ClassroomException">The display name is invalid (<see cref="ClassroomException.InvalidDisplayName"/>),
    /// no class has the code (<see cref="ClassroomException.UnknownCode"/>), or a student of the class already has the
    /// name (<see cref="ClassroomException.NameTaken"/>: sign back in with <see cref="RejoinAsync"/>).</exception>
    public async Task<StudentEnrolment> JoinAsync(string? joinCode, string? displayName, CancellationToken cancellationToken)
    {
        var name = ValidateDisplayName(displayName);
        var classroom = await FindClassByCodeAsync(joinCode, cancellationToken).ConfigureAwait(false);
        var code = ReentryCodes.Generate();
        var hash = PasswordHasher.Hash(ReentryCodes.Normalize(code)!); // ~0.1 s: outside the gate
        await _joinGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        UserAccount student;
        try
        {
            if (await FindStudentByNameAsync(classroom.Id, name, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new ClassroomException(ClassroomException.NameTaken,
                    $"A student named \u201c{name}\u201d is already in this class. If that is you, sign back in with your re-entry code; otherwise choose another name.");
            }
            var now = _time.GetUtcNow();
            student = new UserAccount(NewId(), null, name, LabRoles.Student, null, now, hash, now);
            await _store.CreateUserAsync(student, cancellationToken).ConfigureAwait(false);
            await _store.EnrolAsync(classroom.Id, student.Id, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _joinGate.Release();
        }
        _events.RaiseStudentJoined(new StudentJoined(classroom.Id, student.Id, IsNewStudent: true));
        return new StudentEnrolment(student, classroom, code);
    }

    /// <summary>Signs a student back in: the class with <paramref name="joinCode"/>, its student named
    /// <paramref name="displayName"/> (ignoring case) and their re-entry code. Raises
    /// <see cref="ClassroomEvents.StudentJoined"/> (not a new student).</summary>
    /// <param name="joinCode">The class's join code as typed.</param>
    /// <param name="displayName">The name the student joined with.</param>
    /// <param name="reentryCode">The re-entry code as typed (case, spaces and dashes ignored).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The existing student and class (<see cref="StudentEnrolment.ReentryCode"/> null).</returns>
    /// <exception cref="ClassroomException"><see cref="ClassroomException.UnknownCode"/>, or
    /// <see cref="ClassroomException.InvalidReentryCode"/> for an unknown name and a wrong code alike (both take
    /// one hash verification, so timing does not tell which names exist).</exception>
    public async Task<StudentEnrolment> RejoinAsync(string? joinCode, string? displayName, string? reentryCode, CancellationToken cancellationToken)
    {
        var classroom = await FindClassByCodeAsync(joinCode, cancellationToken).ConfigureAwait(false);
        var name = (displayName ?? "").Trim();
        var typed = ReentryCodes.Normalize(reentryCode) ?? (reentryCode ?? "");
        var student = name.Length == 0 ? null : await FindStudentByNameAsync(classroom.Id, name, cancellationToken).ConfigureAwait(false);
        var matches = student?.ReentryCodeHash is { } hash ? PasswordHasher.Verify(typed, hash) : VerifyNothing(typed);
        if (student is null || !matches)
        {
            throw new ClassroomException(ClassroomException.InvalidReentryCode,
                "That name and re-entry code do not match a student of this class. Check both (the code is 12 letters and digits, " +
                "like K7Q2-M9XD-4HNB); if you lost your code, ask your instructor to reset it.");
        }
        _events.RaiseStudentJoined(new StudentJoined(classroom.Id, student.Id, IsNewStudent: false));
        return new StudentEnrolment(student, classroom);
    }

    /// <summary>Issues a new re-entry code for a student who lost theirs (the old one stops working).</summary>
    /// <param name="classId">The class.</param>
    /// <param name="instructorId">The asking instructor (must own the class).</param>
    /// <param name="studentId">A student of the class.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new code in plain text (show it once: only its hash is stored) and its issue time, or null when
    /// the class is not the instructor's or the student is not in it.</returns>
    public async Task<(string ReentryCode, DateTimeOffset IssuedAt)?> ResetReentryCodeAsync(string classId, string instructorId, string studentId, CancellationToken cancellationToken)
    {
        if (await FindStudentForInstructorAsync(classId, instructorId, studentId, cancellationToken).ConfigureAwait(false) is null) return null;
        var code = ReentryCodes.Generate();
        var issuedAt = await _store.SetReentryCodeHashAsync(studentId, PasswordHasher.Hash(ReentryCodes.Normalize(code)!), cancellationToken).ConfigureAwait(false);
        return (code, issuedAt);
    }

    /// <summary>The trimmed display name.</summary>
    /// <param name="displayName">What the student typed.</param>
    /// <exception cref="ClassroomException">Empty, longer than 40 characters, or containing control characters.</exception>
    public static string ValidateDisplayName(string? displayName)
    {
        var name = (displayName ?? "").Trim();
        if (name.Length == 0)
            throw new ClassroomException(ClassroomException.InvalidDisplayName, $"Enter a display name (1–{MaxDisplayNameLength} characters).");
        if (name.Length > MaxDisplayNameLength)
        {
            throw new ClassroomException(ClassroomException.InvalidDisplayName, string.Create(CultureInfo.InvariantCulture,
                $"The display name is {name.Length} characters; use at most {MaxDisplayNameLength}."));
        }
        if (name.Any(char.IsControl))
            throw new ClassroomException(ClassroomException.InvalidDisplayName, "The display name cannot contain control characters (tabs, line breaks).");
        return name;
    }

    private async Task<Classroom> FindClassByCodeAsync(string? joinCode, CancellationToken cancellationToken)
    {
        var code = JoinCodes.Normalize(joinCode);
        var classroom = code is null ? null : await _store.FindClassByJoinCodeAsync(code, cancellationToken).ConfigureAwait(false);
        return classroom ?? throw new ClassroomException(ClassroomException.UnknownCode,
            $"No class has that join code. A code is {JoinCodes.Length} letters and digits, for example K7Q2M9XD; check it with your instructor.");
    }

    private async Task<UserAccount?> FindStudentByNameAsync(string classId, string name, CancellationToken cancellationToken)
    {
        var students = await _store.ListStudentsAsync(classId, cancellationToken).ConfigureAwait(false);
        // The oldest first: where duplicates exist from before names were unique, the original student is found.
        return students.Where(s => string.Equals(s.DisplayName, name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault();
    }

    private async Task<UserAccount?> FindStudentForInstructorAsync(string classId, string instructorId, string studentId, CancellationToken cancellationToken)
    {
        if (await FindClassForInstructorAsync(classId, instructorId, cancellationToken).ConfigureAwait(false) is null) return null;
        var students = await _store.ListStudentsAsync(classId, cancellationToken).ConfigureAwait(false);
        return students.FirstOrDefault(s => string.Equals(s.Id, studentId, StringComparison.Ordinal));
    }

    private static bool VerifyNothing(string typed)
    {
        PasswordHasher.VerifyNothing(typed);
        return false;
    }
}
