namespace Workbench.Web.Components.Pages.Classes;

/// <summary>A cell of the dashboard's students × labs matrix.</summary>
/// <param name="UserId">The student (row).</param>
/// <param name="LabId">The lab (column).</param>
public sealed record MatrixCell(string UserId, string LabId);
