using Workbench.Lab.Storage;

namespace Workbench.Lab.Classrooms;

/// <summary>
/// What an instructor sees of a class at one moment (built by <see cref="ClassDashboardBuilder"/>): the
/// students × labs progress matrix, per-check pass rates and the latest submissions. Serialises to JSON as is.
/// </summary>
/// <param name="Class">The class (with its join code and quotas).</param>
/// <param name="Labs">The matrix's columns: every lab of the catalog, in catalog order.</param>
/// <param name="Students">The matrix's rows, by display name.</param>
/// <param name="PassRates">Per lab, exercise and check (catalog order).</param>
/// <param name="RecentSubmissions">The newest submissions of the class's students, newest first.</param>
/// <param name="GeneratedAt">When it was built (UTC).</param>
public sealed record ClassDashboard(
    Classroom Class,
    IReadOnlyList<DashboardLab> Labs,
    IReadOnlyList<StudentProgress> Students,
    IReadOnlyList<CheckPassRate> PassRates,
    IReadOnlyList<RecentSubmission> RecentSubmissions,
    DateTimeOffset GeneratedAt);
