using System.Text;
using Workbench.Engine.Conversation;

namespace Workbench.Engine.Tools.Parsing;

/// <summary>What a whole model text holds: the content outside calls, the valid calls in order, and the diagnostics.
/// The shape of <c>POST /tool-calls/parse</c> and of a non-streamed reply.</summary>
/// <param name="Content">The text outside calls (failed calls' raw text included); null when it is empty or only
/// whitespace (OpenAI's <c>content: null</c>). Not trimmed otherwise.</param>
/// <param name="ToolCalls">The finished calls, in the order they were written.</param>
/// <param name="Diagnostics">Every diagnostic, in the order they were reported.</param>
public sealed record ToolCallParseResult(string? Content, IReadOnlyList<ToolCall> ToolCalls, IReadOnlyList<ToolCallDiagnostic> Diagnostics)
{
    /// <summary>Folds the events of a whole stream (every <see cref="ToolCallStreamParser.Push"/> result, then
    /// <see cref="ToolCallStreamParser.Complete"/>'s) into a result: content = concatenated
    /// <see cref="ContentDelta"/>s, calls = <see cref="ToolCallFinished"/>s, diagnostics =
    /// <see cref="ToolCallDiagnosticReported"/>s.</summary>
    public static ToolCallParseResult Fold(IEnumerable<ToolCallEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var content = new StringBuilder();
        var calls = new List<ToolCall>();
        var diagnostics = new List<ToolCallDiagnostic>();
        foreach (ToolCallEvent e in events)
        {
            switch (e)
            {
                case ContentDelta d: content.Append(d.Text); break;
                case ToolCallFinished f: calls.Add(f.Call); break;
                case ToolCallDiagnosticReported r: diagnostics.Add(r.Diagnostic); break;
            }
        }
        string text = content.ToString();
        return new ToolCallParseResult(string.IsNullOrWhiteSpace(text) ? null : text, calls, diagnostics);
    }
}
