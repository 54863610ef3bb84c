namespace Workbench.Lab.Tools;

/// <summary>What one tool call returned to the model (the text of its <c>FunctionResultContent</c>).</summary>
/// <param name="CallId">The id of the call it answers (<c>tool_call_id</c>).</param>
/// <param name="Name">The tool name the model asked for (it may name no tool).</param>
/// <param name="Text">The result text the model sees: the tool's output, or the error message.</param>
/// <param name="IsError">True for an unknown tool, invalid arguments, a thrown exception or a timeout.</param>
/// <param name="DurationMs">Wall time of the call in milliseconds (0 when the tool never ran).</param>
public sealed record ToolResultTrace(string CallId, string Name, string Text, bool IsError, double DurationMs);
