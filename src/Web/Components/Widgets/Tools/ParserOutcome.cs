using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>What one parser made of the model output, as a server running it would answer.</summary>
/// <param name="Info">The parser's format row (name, vLLM flag, llama-server note).</param>
/// <param name="Result">The parse: content left over, calls, diagnostics.</param>
public sealed record ParserOutcome(ToolCallFormatInfo Info, ToolCallParseResult Result)
{
    /// <summary>Whether the parser found at least one call.</summary>
    public bool Matched => Result.ToolCalls.Count > 0;

    /// <summary>The <c>finish_reason</c> a server with this parser sends: <c>tool_calls</c> when it found calls,
    /// else <c>stop</c>.</summary>
    public string FinishReason => Matched ? "tool_calls" : "stop";

    /// <summary>True when the parser found nothing but its content still holds another format's call markup: the
    /// silent failure (no error; the call reaches the user as text and the function never runs).</summary>
    public bool SilentFailure => !Matched && Result.Content is { } content
        && ToolCallFormats.All.Any(f => f.OpeningTriggers.Any(t => content.Contains(t, StringComparison.Ordinal)));

    /// <summary>Runs every parser over <paramref name="text"/> (in-process <see cref="ToolCallParser.Parse"/>, any
    /// tool name), in <see cref="ToolCallFormats.All"/> order.</summary>
    /// <param name="text">The model output.</param>
    public static IReadOnlyList<ParserOutcome> ParseWithEvery(string text) =>
        ToolCallFormats.All.Select(info => new ParserOutcome(info, ToolCallParser.Parse(info.Format, text))).ToList();

    /// <summary>The vLLM server flag of this parser (<c>--tool-call-parser hermes</c>).</summary>
    public string VllmFlag => "--enable-auto-tool-choice --tool-call-parser " + Info.VllmToolCallParser;

    /// <summary>The format, for tests and data attributes.</summary>
    public ToolCallFormat Format => Info.Format;
}
