namespace Workbench.Engine.Tools.Parsing;

/// <summary>Text outside any call (the reply's <c>content</c>), released as soon as it cannot be the start of a call;
/// also the raw text of a call that failed to parse, so nothing the model wrote is lost.</summary>
/// <param name="Text">A non-empty fragment; fragments concatenate in order.</param>
public sealed record ContentDelta(string Text) : ToolCallEvent;
