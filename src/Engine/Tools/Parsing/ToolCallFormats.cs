namespace Workbench.Engine.Tools.Parsing;

/// <summary>The table of the four formats (<see cref="ToolCallFormatInfo"/>), in <see cref="ToolCallFormat"/> order.
/// Sources: vLLM's tool-calling docs (parser names), llama.cpp's <c>common/chat.cpp</c> (llama-server's handlers and
/// their trigger words).</summary>
public static class ToolCallFormats
{
    private const string Jinja = "llama-server --jinja: uses the GGUF's own template and detects this format from it";

    /// <summary>All four, in enum order.</summary>
    public static IReadOnlyList<ToolCallFormatInfo> All { get; } =
    [
        new(ToolCallFormat.Hermes, "Hermes", "Hermes 2 Pro / 3, Qwen2.5, Qwen3", "hermes", Jinja + " (Hermes 2 Pro handler)",
            ["<tool_call>"], "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>"),
        new(ToolCallFormat.Qwen3Coder, "Qwen3-Coder XML", "Qwen3-Coder", "qwen3_coder", Jinja + " (Qwen3-Coder XML handler)",
            ["<tool_call>", "<function="], "<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n</function>\n</tool_call>"),
        new(ToolCallFormat.Llama31, "Llama 3.1 JSON", "Llama 3.1 / 3.2 / 3.3", "llama3_json", Jinja + " (Llama 3.x handler; builtin tools via <|python_tag|>)",
            ["{\"name\":", "{\"type\": \"function\"", "<|python_tag|>"], "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}"),
        new(ToolCallFormat.Mistral, "Mistral [TOOL_CALLS]", "Mistral Nemo / 7B v0.3 (array), Mistral Small 3.2+ ([ARGS])", "mistral", Jinja + " (Mistral Nemo / Magistral handlers)",
            ["[TOOL_CALLS]"], "[TOOL_CALLS][{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}]"),
    ];

    /// <summary>The row of <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a defined value.</exception>
    public static ToolCallFormatInfo Get(ToolCallFormat format) =>
        All.FirstOrDefault(i => i.Format == format) ?? throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown tool-call format.");
}
