namespace Workbench.Web.Apis;

// The classroom API's request shapes (answers are the Lab records: Classroom, ClassDashboard).

/// <summary>A new class: its name and per-student quotas (0 = unlimited).</summary>
internal sealed record CreateClassRequest(string? Name, int RequestsPerMinute, int TokensPerMinute);

/// <summary>New per-student quotas of a class (0 = unlimited).</summary>
internal sealed record QuotasRequest(int RequestsPerMinute, int TokensPerMinute);

/// <summary>How many submissions a reset marked.</summary>
internal sealed record ResetResult(int Reset);

/// <summary>A student's new re-entry code (shown once; only its hash is stored) and when it was issued (UTC).</summary>
internal sealed record ReentryCodeResult(string ReentryCode, DateTimeOffset IssuedAt);
