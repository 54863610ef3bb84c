namespace Workbench.Lab.Storage;

/// <summary>A person using the workbench.</summary>
/// <param name="Id">Opaque id (a GUID string, "N" format).</param>
/// <param name="UserName">Sign-in name (instructors), or null (students sign in with a join code and a display name).
/// Unique, compared case-insensitively (upper-cased invariantly).</param>
/// <param name="DisplayName">The name shown to instructors and on the dashboard.</param>
/// <param name="Role">One of <see cref="LabRoles"/>.</param>
/// <param name="PasswordHash">PBKDF2 hash (instructors), or null.</param>
/// <param name="CreatedAt">When the account was created (UTC; stored to the millisecond).</param>
public sealed record UserAccount(string Id, string? UserName, string DisplayName, string Role, string? PasswordHash, DateTimeOffset CreatedAt);
