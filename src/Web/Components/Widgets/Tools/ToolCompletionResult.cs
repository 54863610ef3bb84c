using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>What one tool completion produced.</summary>
/// <param name="Format">The format the calls were constrained to and parsed in.</param>
/// <param name="LazyGrammar">Whether the grammar was lazy (tool_choice auto).</param>
/// <param name="Constrained">Whether a grammar constrained the reply at all.</param>
/// <param name="RawText">What the model wrote, call markup included.</param>
/// <param name="Content">The text outside the calls; null when only calls.</param>
/// <param name="ToolCalls">The parsed calls.</param>
/// <param name="Diagnostics">The parser's diagnostics.</param>
/// <param name="FinishReason">The wire finish reason (<c>tool_calls</c>, <c>stop</c>, <c>length</c>, <c>cancelled</c>).</param>
/// <param name="Usage">Token counts, when the engine reported them.</param>
/// <param name="DurationMs">Wall time of the generation in milliseconds.</param>
public sealed record ToolCompletionResult(ToolCallFormat Format, bool LazyGrammar, bool Constrained, string RawText, string? Content,
    IReadOnlyList<ToolCall> ToolCalls, IReadOnlyList<ToolCallDiagnostic> Diagnostics, string FinishReason, GenerationUsage? Usage, double DurationMs);
