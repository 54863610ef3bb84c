namespace Workbench.Lab.Storage;

// Dapper targets: one class per table, columns aliased to these property names in every SELECT.
// Times are unix milliseconds; booleans come back as INTEGER from SQLite and BOOLEAN from PostgreSQL.

/// <summary>A row of <c>users</c>.</summary>
internal sealed class UserRow
{
    public string Id { get; set; } = "";
    public string? UserName { get; set; }
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = "";
    public string? PasswordHash { get; set; }
    public long CreatedAt { get; set; }
    public string? ReentryCodeHash { get; set; }
    public long? ReentryCodeIssuedAt { get; set; }

    public UserAccount ToRecord() => new(Id, UserName, DisplayName, Role, PasswordHash, LabStore.FromUnixMs(CreatedAt),
        ReentryCodeHash, ReentryCodeIssuedAt is { } issued ? LabStore.FromUnixMs(issued) : null);
}

/// <summary>A row of <c>classes</c>.</summary>
internal sealed class ClassRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string JoinCode { get; set; } = "";
    public string InstructorId { get; set; } = "";
    public int RequestsPerMinute { get; set; }
    public int TokensPerMinute { get; set; }
    public long CreatedAt { get; set; }

    public Classroom ToRecord() => new(Id, Name, JoinCode, InstructorId, RequestsPerMinute, TokensPerMinute, LabStore.FromUnixMs(CreatedAt));
}

/// <summary>A row of <c>submissions</c>.</summary>
internal sealed class SubmissionRow
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public string LabId { get; set; } = "";
    public string ExerciseId { get; set; } = "";
    public int Attempt { get; set; }
    public string Payload { get; set; } = "";
    public string Status { get; set; } = "";
    public string? Result { get; set; }
    public bool IsReset { get; set; }
    public long CreatedAt { get; set; }
    public long? GradedAt { get; set; }
}

/// <summary>A row of <c>grades</c>.</summary>
internal sealed class GradeRow
{
    public string SubmissionId { get; set; } = "";
    public int Position { get; set; }
    public string CheckId { get; set; } = "";
    public bool Passed { get; set; }
    public int Points { get; set; }
    public int MaxPoints { get; set; }
    public string Message { get; set; } = "";
}

/// <summary>A row of the pass-rate query.</summary>
internal sealed class PassCountRow
{
    public string LabId { get; set; } = "";
    public string ExerciseId { get; set; } = "";
    public string CheckId { get; set; } = "";
    public long Passed { get; set; }
    public long Graded { get; set; }
}
