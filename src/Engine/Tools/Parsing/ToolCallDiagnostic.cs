namespace Workbench.Engine.Tools.Parsing;

/// <summary>Why a text is not, or not fully, a call: <c>"no &lt;tool_call&gt; tag"</c>, <c>"the JSON inside
/// &lt;tool_call&gt; does not parse at offset 12: …"</c>, <c>"'name' missing"</c>, <c>"unknown tool 'x' (tools: a,
/// b)"</c>, <c>"'arguments' is not an object"</c>, or a near miss that was rescued (<c>"missing &lt;/tool_call&gt; at
/// end of stream"</c>).</summary>
/// <param name="Offset">Where in the whole model text (UTF-16 code units from its start) the problem was seen.</param>
/// <param name="Message">The explanation, in English, naming the format's own markers.</param>
/// <param name="Rescued">True when the call was still parsed (a near miss); false when the text stayed content.</param>
public sealed record ToolCallDiagnostic(int Offset, string Message, bool Rescued);
