namespace Workbench.Web.Hubs;

/// <summary>A piece of a tool call in a <see cref="StreamDelta"/> (OpenAI's <c>delta.tool_calls[]</c>, camelCase):
/// the first piece of a call carries <see cref="Id"/> and <see cref="Name"/> with empty <see cref="Arguments"/>; later
/// pieces carry argument fragments; a call that turns out broken gets one piece with <see cref="Failed"/> (drop it —
/// its raw text follows as <see cref="StreamDelta.Text"/>).</summary>
/// <param name="Index">The call's position in the reply, from 0 (never reused).</param>
/// <param name="Id">The call id, on the first piece; else null.</param>
/// <param name="Name">The function name, on the first piece; else null.</param>
/// <param name="Arguments">A fragment of the arguments JSON (empty on the first piece); the fragments of a finished
/// call concatenate to its arguments.</param>
/// <param name="Failed">True on the piece saying the call failed to parse.</param>
public sealed record StreamToolCallDelta(int Index, string? Id, string? Name, string Arguments, bool Failed = false);
