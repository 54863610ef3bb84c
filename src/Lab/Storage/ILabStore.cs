using Workbench.Lab.Grading;

namespace Workbench.Lab.Storage;

/// <summary>
/// The workbench's database: users, classes, enrolments, submissions and grades (progress is derived from graded
/// submissions). One implementation over Dapper with a dialect per database (SQLite embedded, PostgreSQL by
/// connection string); both pass the same tests. All times are UTC. Methods throw
/// <see cref="StoreException"/> on a constraint violation (duplicate user name, join code) with a safe message.
/// </summary>
public interface ILabStore
{
    /// <summary>Creates or upgrades the schema to the latest version (idempotent; safe at every start-up and from
    /// several processes at once). Each migration runs in its own transaction and is recorded in
    /// <c>schema_migrations</c>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="InvalidOperationException">The database was migrated by a newer build (unknown version).</exception>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a user.</summary>
    /// <param name="user">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="StoreException">The id or user name exists.</exception>
    Task CreateUserAsync(UserAccount user, CancellationToken cancellationToken);

    /// <summary>The user with <paramref name="userId"/>, or null.</summary>
    /// <param name="userId">A user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<UserAccount?> FindUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The user signing in as <paramref name="userName"/> (case-insensitive), or null.</summary>
    /// <param name="userName">A sign-in name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<UserAccount?> FindUserByNameAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Replaces a student's re-entry code hash (<see cref="UserAccount.ReentryCodeHash"/>) and sets
    /// <see cref="UserAccount.ReentryCodeIssuedAt"/> to now: the previous code stops working.</summary>
    /// <param name="userId">The student.</param>
    /// <param name="reentryCodeHash">The new code's hash (never the code itself).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored issue time (UTC, millisecond precision).</returns>
    /// <exception cref="KeyNotFoundException">No user has that id.</exception>
    Task<DateTimeOffset> SetReentryCodeHashAsync(string userId, string reentryCodeHash, CancellationToken cancellationToken);

    /// <summary>Inserts a class.</summary>
    /// <param name="classroom">The class.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="StoreException">The id or join code exists, or the instructor does not.</exception>
    Task CreateClassAsync(Classroom classroom, CancellationToken cancellationToken);

    /// <summary>Updates a class's name and quotas (the join code, owner and creation time stay).</summary>
    /// <param name="classroom">The class with new values (matched by id).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="KeyNotFoundException">No class has that id.</exception>
    Task UpdateClassAsync(Classroom classroom, CancellationToken cancellationToken);

    /// <summary>The class with <paramref name="classId"/>, or null.</summary>
    /// <param name="classId">A class id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Classroom?> FindClassAsync(string classId, CancellationToken cancellationToken);

    /// <summary>The class with join code <paramref name="joinCode"/> (case-insensitive), or null.</summary>
    /// <param name="joinCode">A join code.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Classroom?> FindClassByJoinCodeAsync(string joinCode, CancellationToken cancellationToken);

    /// <summary>The classes an instructor owns, newest first.</summary>
    /// <param name="instructorId">The instructor's user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<Classroom>> ListClassesAsync(string instructorId, CancellationToken cancellationToken);

    /// <summary>Enrols a user in a class (idempotent: enrolling again changes nothing).</summary>
    /// <param name="classId">The class.</param>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="StoreException">The class or the user does not exist.</exception>
    Task EnrolAsync(string classId, string userId, CancellationToken cancellationToken);

    /// <summary>The students enrolled in a class, by display name.</summary>
    /// <param name="classId">The class.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<UserAccount>> ListStudentsAsync(string classId, CancellationToken cancellationToken);

    /// <summary>The class a student is enrolled in (the most recent enrolment), or null.</summary>
    /// <param name="userId">The student.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Classroom?> FindClassOfStudentAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Stores a new submission as <see cref="SubmissionStatus.Pending"/>, assigning the next attempt number
    /// for (user, lab, exercise) atomically. Call before grading.</summary>
    /// <param name="userId">Who submits.</param>
    /// <param name="labId">The lab.</param>
    /// <param name="exerciseId">The exercise.</param>
    /// <param name="payload">What was submitted.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored submission.</returns>
    /// <exception cref="StoreException">The user does not exist.</exception>
    Task<Submission> CreateSubmissionAsync(string userId, string labId, string exerciseId, SubmissionPayload payload, CancellationToken cancellationToken);

    /// <summary>Marks a submission <see cref="SubmissionStatus.Grading"/> (no effect on a graded or unknown one).</summary>
    /// <param name="submissionId">The submission.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task MarkGradingAsync(string submissionId, CancellationToken cancellationToken);

    /// <summary>Stores the grade (the result as JSON and one <c>grades</c> row per check) and marks the submission
    /// <see cref="SubmissionStatus.Graded"/>, in one transaction. Completing again replaces the grade.</summary>
    /// <param name="submissionId">The submission.</param>
    /// <param name="result">The grade.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored grading time (<see cref="Submission.GradedAt"/>: UTC, millisecond precision).</returns>
    /// <exception cref="KeyNotFoundException">No submission has that id.</exception>
    Task<DateTimeOffset> CompleteSubmissionAsync(string submissionId, GradeResult result, CancellationToken cancellationToken);

    /// <summary>The submission with <paramref name="submissionId"/>, or null.</summary>
    /// <param name="submissionId">A submission id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Submission?> FindSubmissionAsync(string submissionId, CancellationToken cancellationToken);

    /// <summary>A user's submissions, newest first, optionally for one lab and exercise.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="labId">A lab, or null for all.</param>
    /// <param name="exerciseId">An exercise of <paramref name="labId"/>, or null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<Submission>> ListSubmissionsAsync(string userId, string? labId, string? exerciseId, CancellationToken cancellationToken);

    /// <summary>Every submission of a class's students, newest first, at most <paramref name="limit"/>.</summary>
    /// <param name="classId">The class.</param>
    /// <param name="limit">The most rows to return (≥ 1).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<Submission>> ListClassSubmissionsAsync(string classId, int limit, CancellationToken cancellationToken);

    /// <summary>Submissions not yet graded (pending or grading), oldest first: the work to resume after a restart.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<Submission>> ListUngradedSubmissionsAsync(CancellationToken cancellationToken);

    /// <summary>Marks every submission of (user, lab, exercise) as reset: kept in the history, no longer counted.</summary>
    /// <param name="userId">The student.</param>
    /// <param name="labId">The lab.</param>
    /// <param name="exerciseId">The exercise.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many submissions were reset.</returns>
    Task<int> ResetAttemptsAsync(string userId, string labId, string exerciseId, CancellationToken cancellationToken);

    /// <summary>Per-check pass counts of a class (the dashboard's pass rates), from the <c>grades</c> rows of each enrolled student's latest
    /// counted attempt per exercise (graded, not reset, outcome not <c>Error</c>), ordered by lab, exercise, check.</summary>
    /// <param name="classId">The class.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<CheckPassCount>> ListCheckPassCountsAsync(string classId, CancellationToken cancellationToken);
}
