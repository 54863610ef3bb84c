namespace Workbench.Engine.Tools.Parsing;

/// <summary>A started call turned out not to be a valid call (its JSON broke off or does not parse): a client that
/// showed it should drop it. A <see cref="ToolCallDiagnosticReported"/> says why, and a <see cref="ContentDelta"/>
/// carrying the call's raw text follows.</summary>
/// <param name="Index">The failed call's index (not reused).</param>
public sealed record ToolCallFailed(int Index) : ToolCallEvent;
