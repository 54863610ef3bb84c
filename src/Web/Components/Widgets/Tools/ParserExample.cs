using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>One model output offered in the parser-matching widget's menu.</summary>
/// <param name="Label">The menu text, for example <c>"Hermes (Qwen2.5)"</c>.</param>
/// <param name="Format">The format the text is written in (the parser that should match it).</param>
/// <param name="Text">The model output, special-token markup included.</param>
public sealed record ParserExample(string Label, ToolCallFormat Format, string Text)
{
    /// <summary>One example per format (each format's <see cref="ToolCallFormatInfo.Example"/>, the Hermes one with a
    /// sentence before the call), plus Mistral's newer <c>[ARGS]</c> form and a plain answer with no call.</summary>
    public static IReadOnlyList<ParserExample> All { get; } =
    [
        new("Hermes (Qwen2.5, Qwen3, Hermes 3)", ToolCallFormat.Hermes,
            "I'll check the weather for you.\n" + ToolCallFormats.Get(ToolCallFormat.Hermes).Example),
        new("Qwen3-Coder XML", ToolCallFormat.Qwen3Coder, ToolCallFormats.Get(ToolCallFormat.Qwen3Coder).Example),
        new("Llama 3.1 JSON", ToolCallFormat.Llama31, ToolCallFormats.Get(ToolCallFormat.Llama31).Example),
        new("Mistral Nemo ([TOOL_CALLS] array)", ToolCallFormat.Mistral, ToolCallFormats.Get(ToolCallFormat.Mistral).Example),
        new("Mistral Small 3.2 ([TOOL_CALLS]name[ARGS])", ToolCallFormat.Mistral, "[TOOL_CALLS]get_weather[ARGS]{\"city\": \"Paris\"}"),
    ];
}
