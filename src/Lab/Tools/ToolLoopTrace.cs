namespace Workbench.Lab.Tools;

/// <summary>The whole record of a <see cref="ToolLoop"/> run, for the UI to render (JSON-serialisable with
/// System.Text.Json defaults; <see cref="Outcome"/> serialises as its number unless a string enum converter is used).</summary>
/// <param name="Outcome">How the run ended.</param>
/// <param name="Summary">One sentence saying so, e.g. "Answered after 2 iterations." or "Stopped after 5 iterations:
/// the model was still calling tools."</param>
/// <param name="FinalText">The model's last reply text (the answer when <see cref="ToolLoopOutcome.Completed"/>).</param>
/// <param name="Steps">Every model request, in order.</param>
/// <param name="InputTokens">Sum of the steps' reported prompt tokens.</param>
/// <param name="OutputTokens">Sum of the steps' reported generated tokens.</param>
/// <param name="TotalDurationMs">Wall time of the run in milliseconds.</param>
public sealed record ToolLoopTrace(
    ToolLoopOutcome Outcome,
    string Summary,
    string FinalText,
    IReadOnlyList<ToolLoopStep> Steps,
    long InputTokens,
    long OutputTokens,
    double TotalDurationMs);
