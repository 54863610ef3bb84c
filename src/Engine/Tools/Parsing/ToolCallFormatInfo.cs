namespace Workbench.Engine.Tools.Parsing;

/// <summary>What the UI says about one format: its name, who writes it, and how the two reference servers are told to
/// parse it.</summary>
/// <param name="Format">The format.</param>
/// <param name="DisplayName">A short name for menus (<c>"Hermes"</c>).</param>
/// <param name="Families">The model families whose templates write it.</param>
/// <param name="VllmToolCallParser">vLLM's <c>--tool-call-parser</c> value (with <c>--enable-auto-tool-choice</c>).</param>
/// <param name="LlamaServerNote">How llama-server reads it: <c>--jinja</c> makes it use the model's template and
/// detect the format from it.</param>
/// <param name="OpeningTriggers">The texts that open a call (the lazy grammar's trigger words); the first is the
/// main one.</param>
/// <param name="Example">A one-call example of the wire text.</param>
public sealed record ToolCallFormatInfo(
    ToolCallFormat Format,
    string DisplayName,
    string Families,
    string VllmToolCallParser,
    string LlamaServerNote,
    IReadOnlyList<string> OpeningTriggers,
    string Example);
