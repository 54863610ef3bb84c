using Workbench.Engine.Conversation;

namespace Workbench.Engine.Tools.Parsing;

/// <summary>A call is complete and valid: <c>Call.Arguments</c> is a JSON object text (compact) equal to the
/// concatenation of the call's <see cref="ToolCallArgumentsDelta"/> fragments.</summary>
/// <param name="Index">The call's index.</param>
/// <param name="Call">The finished call (same id and name as its <see cref="ToolCallStarted"/>).</param>
public sealed record ToolCallFinished(int Index, ToolCall Call) : ToolCallEvent;
