using Workbench.Engine.Conversation;

namespace Workbench.Lab.Tools;

/// <summary>One model request of a <see cref="ToolLoop"/> run and the tool calls it led to. JSON-serialisable
/// (System.Text.Json defaults) for the UI's trace view.</summary>
/// <param name="Iteration">1-based request number.</param>
/// <param name="RawText">What the model wrote, call markup included: the response's <c>raw_text</c> additional
/// property or a string <c>RawRepresentation</c> when the client gives one, else its text.</param>
/// <param name="Text">The reply's text outside the calls (may be empty).</param>
/// <param name="Calls">The parsed calls, in the model's order (arguments as a JSON object text).</param>
/// <param name="Results">One result per call, same order.</param>
/// <param name="InputTokens">Prompt tokens of this request (<c>UsageDetails.InputTokenCount</c>); null when unreported.</param>
/// <param name="OutputTokens">Generated tokens of this request; null when unreported.</param>
/// <param name="ModelDurationMs">Wall time of the model request in milliseconds.</param>
/// <param name="ToolsDurationMs">Wall time of running this step's calls (they run concurrently) in milliseconds.</param>
public sealed record ToolLoopStep(
    int Iteration,
    string RawText,
    string Text,
    IReadOnlyList<ToolCall> Calls,
    IReadOnlyList<ToolResultTrace> Results,
    long? InputTokens,
    long? OutputTokens,
    double ModelDurationMs,
    double ToolsDurationMs);
