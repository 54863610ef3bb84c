namespace Workbench.Engine.Tools.Parsing;

/// <summary>The result of matching a literal marker at the current position.</summary>
internal enum MarkerMatch
{
    /// <summary>The text does not start with the marker.</summary>
    No,
    /// <summary>The text so far is a proper prefix of the marker; more text decides.</summary>
    Partial,
    /// <summary>The text starts with the marker.</summary>
    Yes,
}
