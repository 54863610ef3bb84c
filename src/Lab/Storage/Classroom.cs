namespace Workbench.Lab.Storage;

/// <summary>A class an instructor runs.</summary>
/// <param name="Id">Opaque id.</param>
/// <param name="Name">Display name, for example <c>LLM Engineering — Tuesday group</c>.</param>
/// <param name="JoinCode">What students type to join: 8 characters from an unambiguous alphabet, unique
/// (compared case-insensitively).</param>
/// <param name="InstructorId">The owning instructor's user id (must exist).</param>
/// <param name="RequestsPerMinute">Engine requests a student may start per minute (0 = unlimited).</param>
/// <param name="TokensPerMinute">Engine tokens (prompt + completion) a student may use per minute (0 = unlimited).</param>
/// <param name="CreatedAt">When it was created (UTC; stored to the millisecond).</param>
public sealed record Classroom(string Id, string Name, string JoinCode, string InstructorId, int RequestsPerMinute, int TokensPerMinute, DateTimeOffset CreatedAt);
