namespace Workbench.Engine.Tools.Parsing;

/// <summary>One-shot parsing of a whole model text: exactly the fold of a <see cref="ToolCallStreamParser"/> fed the
/// text in one piece (the same code path, so streamed and non-streamed results agree).</summary>
public static class ToolCallParser
{
    /// <summary>Parses <paramref name="text"/> as <paramref name="format"/> writes calls.</summary>
    /// <param name="format">The model family's format.</param>
    /// <param name="text">The model's whole reply (special tokens rendered as text).</param>
    /// <param name="tools">The request's tools: a call of another name stays content (with a diagnostic), and
    /// Qwen3-Coder parameter values are typed by their schemas. Null: any name, every Qwen3-Coder value a string.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static ToolCallParseResult Parse(ToolCallFormat format, string text, IReadOnlyList<ToolDefinition>? tools = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ToolCallStreamParser parser = ToolCallStreamParser.Create(format, tools);
        var events = new List<ToolCallEvent>(parser.Push(text));
        events.AddRange(parser.Complete());
        return ToolCallParseResult.Fold(events);
    }
}
