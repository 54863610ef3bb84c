namespace Workbench.Engine.Tools.Parsing;

/// <summary>A parser's explanation of why some text is not (or not fully) a call.</summary>
/// <param name="Diagnostic">What was found, and where.</param>
public sealed record ToolCallDiagnosticReported(ToolCallDiagnostic Diagnostic) : ToolCallEvent;
