namespace Workbench.Engine.Tools.Parsing;

/// <summary>A call began: its name is known (and, when tools were given, is one of them). OpenAI's first
/// <c>delta.tool_calls[]</c> item of a call carries these three.</summary>
/// <param name="Index">The call's position in the reply, from 0.</param>
/// <param name="Id">The call id: from the text when the format carries one (Mistral <c>"id"</c> / <c>[CALL_ID]</c>),
/// else generated (<see cref="ToolCallIds"/>).</param>
/// <param name="Name">The function name.</param>
public sealed record ToolCallStarted(int Index, string Id, string Name) : ToolCallEvent;
