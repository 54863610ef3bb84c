namespace Workbench.Lab.Storage;

/// <summary>A person using the workbench.</summary>
/// <param name="Id">Opaque id (a GUID string, "N" format).</param>
/// <param name="UserName">Sign-in name (instructors), or null (students sign in with a join code and a display name).
/// Unique, compared case-insensitively (upper-cased invariantly).</param>
/// <param name="DisplayName">The name shown to instructors and on the dashboard.</param>
/// <param name="Role">One of <see cref="LabRoles"/>.</param>
/// <param name="PasswordHash">PBKDF2 hash (instructors), or null.</param>
/// <param name="CreatedAt">When the account was created (UTC; stored to the millisecond).</param>
/// <param name="ReentryCodeHash">Students: the PBKDF2 hash of the re-entry code they sign back in with (the code
/// itself is shown once and never stored), or null (instructors, the local learner, students who joined before
/// re-entry codes existed until an instructor resets theirs).</param>
/// <param name="ReentryCodeIssuedAt">When the current re-entry code was issued (UTC, millisecond), or null.</param>
public sealed record UserAccount(string Id, string? UserName, string DisplayName, string Role, string? PasswordHash, DateTimeOffset CreatedAt,
    string? ReentryCodeHash = null, DateTimeOffset? ReentryCodeIssuedAt = null);
