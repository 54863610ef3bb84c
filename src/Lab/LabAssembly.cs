namespace Workbench.Lab;

/// <summary>Marker for the Lab assembly (the lab platform arrives with the lab-platform issue).</summary>
public static class LabAssembly;
