namespace Workbench.Lab.Classrooms;

/// <summary>A column of the dashboard's matrix.</summary>
/// <param name="LabId">The lab id.</param>
/// <param name="Title">The lab title.</param>
/// <param name="MaxScore">The lab's maximum score.</param>
public sealed record DashboardLab(string LabId, string Title, int MaxScore);
