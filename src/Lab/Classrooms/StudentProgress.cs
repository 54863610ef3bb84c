namespace Workbench.Lab.Classrooms;

/// <summary>A row of the dashboard's matrix: one student's progress on every lab.</summary>
/// <param name="UserId">The student's user id.</param>
/// <param name="DisplayName">The name the student chose.</param>
/// <param name="Labs">One cell per lab, in the order of <see cref="ClassDashboard.Labs"/>.</param>
/// <param name="TotalScore">The sum of the cells' scores.</param>
/// <param name="TotalMaxScore">The sum of the labs' maxima.</param>
/// <param name="ReentryCodeIssuedAt">When the student's current re-entry code was issued (UTC), or null when they
/// have none (joined before re-entry codes existed); the code itself is never readable.</param>
public sealed record StudentProgress(string UserId, string DisplayName, IReadOnlyList<LabProgress> Labs, int TotalScore, int TotalMaxScore,
    DateTimeOffset? ReentryCodeIssuedAt = null);
