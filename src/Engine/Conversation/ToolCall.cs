namespace Workbench.Engine.Conversation;

/// <summary>One function call an assistant message asks the client to make (OpenAI <c>tool_calls[]</c> item:
/// <c>id</c>, <c>function.name</c>, <c>function.arguments</c>).</summary>
/// <param name="Id">The call id; the <c>tool</c> message carrying the result repeats it as <c>tool_call_id</c>.</param>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments as a JSON text (OpenAI sends them as a string).</param>
public sealed record ToolCall(string Id, string Name, string Arguments);
