namespace Workbench.LabSdk;

/// <summary>Placeholder for the lab SDK's entry type (filled in by the grading work).</summary>
public sealed class LabContext;
