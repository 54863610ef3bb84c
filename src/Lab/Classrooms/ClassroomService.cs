using System.Globalization;
using Workbench.Lab.Quotas;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Classrooms;

/// <summary>
/// Classes and enrolment: an instructor creates a class (with quotas) and gets a join code; a student joins
/// with the code and a display name, which creates their account and issues a personal re-entry code to sign back
/// in with (<c>ClassroomService.Students.cs</c>). Joins and resets are announced on <see cref="ClassroomEvents"/>. Every read or change of a class takes the
/// instructor's id and answers only for the class's owner (null otherwise: callers answer 404 so a class's
/// existence is not revealed). A singleton; thread-safe.
/// </summary>
public sealed partial class ClassroomService
{
    /// <summary>The longest class name: 80 characters.</summary>
    public const int MaxClassNameLength = 80;

    /// <summary>The longest display name: 40 characters (after trimming).</summary>
    public const int MaxDisplayNameLength = 40;

    /// <summary>How many fresh codes are tried when a generated code is taken (practically never): 5.</summary>
    private const int JoinCodeAttempts = 5;

    private readonly ILabStore _store;
    private readonly IQuotaPolicySource _policies;
    private readonly TimeProvider _time;
    private readonly ClassroomEvents _events;
    private readonly Func<string> _newJoinCode;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="policies">The quota cache to refresh when quotas change.</param>
    /// <param name="events">Where joins and resets are announced.</param>
    /// <param name="time">The clock.</param>
    public ClassroomService(ILabStore store, IQuotaPolicySource policies, ClassroomEvents events, TimeProvider time)
        : this(store, policies, events, time, JoinCodes.Generate)
    {
    }

    /// <summary>Creates the service with a chosen join-code source (tests force collisions with it).</summary>
    internal ClassroomService(ILabStore store, IQuotaPolicySource policies, ClassroomEvents events, TimeProvider time, Func<string> newJoinCode)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _policies = policies ?? throw new ArgumentNullException(nameof(policies));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _newJoinCode = newJoinCode;
    }

    /// <summary>Creates a class owned by <paramref name="instructorId"/> with a new unique join code.</summary>
    /// <param name="instructorId">The owning instructor's user id.</param>
    /// <param name="name">The class name (trimmed; 1–80 characters).</param>
    /// <param name="quotas">Per-student engine quotas (0 = unlimited).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored class.</returns>
    /// <exception cref="ClassroomException">The user is not an instructor, the name or a quota is invalid.</exception>
    /// <exception cref="StoreException">No free join code was found after 5 tries (practically impossible).</exception>
    public async Task<Classroom> CreateClassAsync(string instructorId, string name, QuotaPolicy quotas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length is 0 or > MaxClassNameLength)
            throw new ClassroomException(ClassroomException.InvalidClassName, $"The class name must be 1–{MaxClassNameLength} characters.");
        if (quotas.Validate() is { } quotaError) throw new ClassroomException(ClassroomException.InvalidQuota, quotaError);
        var instructor = await _store.FindUserAsync(instructorId, cancellationToken).ConfigureAwait(false);
        if (instructor?.Role != LabRoles.Instructor)
            throw new ClassroomException(ClassroomException.NotInstructor, "Only an instructor can create a class.");

        for (var attempt = 1; ; attempt++)
        {
            var classroom = new Classroom(NewId(), trimmed, _newJoinCode(), instructorId, quotas.RequestsPerMinute, quotas.TokensPerMinute, _time.GetUtcNow());
            try
            {
                await _store.CreateClassAsync(classroom, cancellationToken).ConfigureAwait(false);
                return classroom;
            }
            catch (StoreException) when (attempt < JoinCodeAttempts)
            {
                // The insert was refused; in practice because another class has the code (unique index): draw again.
            }
        }
    }

    /// <summary>The class with <paramref name="classId"/> if <paramref name="instructorId"/> owns it, else null.</summary>
    /// <param name="classId">A class id.</param>
    /// <param name="instructorId">The asking instructor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<Classroom?> FindClassForInstructorAsync(string classId, string instructorId, CancellationToken cancellationToken)
    {
        var classroom = await _store.FindClassAsync(classId, cancellationToken).ConfigureAwait(false);
        return classroom is not null && string.Equals(classroom.InstructorId, instructorId, StringComparison.Ordinal) ? classroom : null;
    }

    /// <summary>The classes <paramref name="instructorId"/> owns, newest first.</summary>
    /// <param name="instructorId">The instructor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<Classroom>> ListClassesAsync(string instructorId, CancellationToken cancellationToken) =>
        _store.ListClassesAsync(instructorId, cancellationToken);

    /// <summary>Changes a class's quotas (effective at once for new engine requests).</summary>
    /// <param name="classId">The class.</param>
    /// <param name="instructorId">The asking instructor (must own the class).</param>
    /// <param name="quotas">The new quotas.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated class, or null when it does not exist or is not the instructor's.</returns>
    /// <exception cref="ClassroomException">A quota is out of range.</exception>
    public async Task<Classroom?> UpdateQuotasAsync(string classId, string instructorId, QuotaPolicy quotas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        if (quotas.Validate() is { } quotaError) throw new ClassroomException(ClassroomException.InvalidQuota, quotaError);
        var classroom = await FindClassForInstructorAsync(classId, instructorId, cancellationToken).ConfigureAwait(false);
        if (classroom is null) return null;
        var updated = classroom with { RequestsPerMinute = quotas.RequestsPerMinute, TokensPerMinute = quotas.TokensPerMinute };
        await _store.UpdateClassAsync(updated, cancellationToken).ConfigureAwait(false);
        _policies.Invalidate(classId);
        return updated;
    }

    /// <summary>Resets a student's attempts at one exercise (kept in the history, no longer counted) and raises
    /// <see cref="ClassroomEvents.AttemptsReset"/>, so the student's open lab page shows it.</summary>
    /// <param name="classId">The class.</param>
    /// <param name="instructorId">The asking instructor (must own the class).</param>
    /// <param name="studentId">A student of the class.</param>
    /// <param name="labId">The lab.</param>
    /// <param name="exerciseId">The exercise.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many submissions were reset, or null when the class is not the instructor's or the student
    /// is not in it.</returns>
    public async Task<int?> ResetAttemptsAsync(string classId, string instructorId, string studentId, string labId, string exerciseId, CancellationToken cancellationToken)
    {
        if (await FindStudentForInstructorAsync(classId, instructorId, studentId, cancellationToken).ConfigureAwait(false) is null) return null;
        var count = await _store.ResetAttemptsAsync(studentId, labId, exerciseId, cancellationToken).ConfigureAwait(false);
        _events.RaiseAttemptsReset(new AttemptsReset(classId, studentId, labId, exerciseId, count));
        return count;
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
