using System.Globalization;
using System.Text;

namespace Workbench.Lab.Training.Evaluation;

/// <summary>The held-out evaluation of a tool-calling model (<see cref="ToolCallEvaluator"/>).</summary>
/// <param name="Model">The model name sent as <c>model</c>.</param>
/// <param name="Rows">One row per case, in order.</param>
public sealed record ToolCallEvalReport(string Model, IReadOnlyList<ToolCallEvalRow> Rows)
{
    /// <summary>Replies that tried to call (<c>tool_calls</c>, or raw <c>&lt;tool_call&gt;</c> text in content).</summary>
    public int Attempted => Rows.Count(r => r.Attempted);

    /// <summary>Attempts parsed into valid calls (offered tool, JSON object arguments matching its schema).</summary>
    public int ValidCount => Rows.Count(r => r.Attempted && r.Valid);

    /// <summary>Cases that expect a call.</summary>
    public int CallCases => Rows.Count(r => r.ExpectedTool is not null);

    /// <summary>Call cases whose first call names the expected tool.</summary>
    public int RightToolCount => Rows.Count(r => r.ExpectedTool is not null && r.RightTool);

    /// <summary>Call cases with the right tool and equal arguments.</summary>
    public int RightArgumentsCount => Rows.Count(r => r.ExpectedTool is not null && r.RightArguments);

    /// <summary>Cases that expect no call.</summary>
    public int NoCallCases => Rows.Count(r => r.ExpectedTool is null);

    /// <summary>No-call cases answered without any call attempt.</summary>
    public int NoCallCorrectCount => Rows.Count(r => r.ExpectedTool is null && !r.Attempted);

    /// <summary><see cref="ValidCount"/> / <see cref="Attempted"/>, 0..1 (1 when nothing was attempted).</summary>
    public double Valid => Rate(ValidCount, Attempted);

    /// <summary><see cref="RightToolCount"/> / <see cref="CallCases"/>, 0..1 (1 when there are none).</summary>
    public double RightTool => Rate(RightToolCount, CallCases);

    /// <summary><see cref="RightArgumentsCount"/> / <see cref="CallCases"/>, 0..1.</summary>
    public double RightArguments => Rate(RightArgumentsCount, CallCases);

    /// <summary><see cref="NoCallCorrectCount"/> / <see cref="NoCallCases"/>, 0..1.</summary>
    public double NoCallAccuracy => Rate(NoCallCorrectCount, NoCallCases);

    /// <summary>The summary as a Markdown table (metric, percent, count) for docs/PERFORMANCE.md.</summary>
    public string ToMarkdownTable()
    {
        var text = new StringBuilder();
        text.Append("| metric | value | count |\n|---|---:|---:|\n");
        Line("valid calls (parsed, schema-valid)", Valid, ValidCount, Attempted);
        Line("right tool", RightTool, RightToolCount, CallCases);
        Line("right tool and arguments", RightArguments, RightArgumentsCount, CallCases);
        Line("no-call accuracy", NoCallAccuracy, NoCallCorrectCount, NoCallCases);
        return text.ToString();

        void Line(string name, double rate, int count, int of) =>
            text.Append(CultureInfo.InvariantCulture, $"| {name} | {rate * 100:0.0} % | {count} / {of} |\n");
    }

    /// <summary>The per-case rows as a Markdown table (at most <paramref name="maxRows"/>, failures first).</summary>
    public string ToMarkdownCaseTable(int maxRows = 50)
    {
        var text = new StringBuilder("| # | prompt | expected | got | ok |\n|---:|---|---|---|---|\n");
        foreach (var r in Rows.OrderBy(r => r.Correct).ThenBy(r => r.Index).Take(maxRows))
        {
            string expected = r.ExpectedTool is null ? "no call" : $"{r.ExpectedTool} {r.ExpectedArguments}";
            string got = r.Error ?? (r.ActualTool is null ? (r.Attempted ? "unparsed call" : "no call") : $"{r.ActualTool} {r.ActualArguments}");
            text.Append(CultureInfo.InvariantCulture, $"| {r.Index} | {Cell(r.Prompt)} | {Cell(expected)} | {Cell(got)} | {(r.Correct ? "yes" : "no")} |\n");
        }
        return text.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static double Rate(int count, int of) => of == 0 ? 1 : (double)count / of;
}

/// <summary>One evaluated case.</summary>
/// <param name="Index">0-based case number.</param>
/// <param name="Prompt">The last user message sent.</param>
/// <param name="ExpectedTool">The expected tool, or null for "no call".</param>
/// <param name="ExpectedArguments">The expected arguments as compact JSON (null for no call).</param>
/// <param name="ActualTool">The first call's tool name, or null when no call was parsed.</param>
/// <param name="ActualArguments">The first call's arguments text as returned (null when none).</param>
/// <param name="Content">The reply's <c>content</c> (null when none).</param>
/// <param name="FinishReason">The reply's <c>finish_reason</c>.</param>
/// <param name="Attempted">The reply tried to call a tool.</param>
/// <param name="Valid">Every attempt was parsed into calls of offered tools whose arguments match the schema.</param>
/// <param name="RightTool">The first call names the expected tool.</param>
/// <param name="RightArguments">Right tool and arguments equal (<see cref="ToolCallArgumentComparer"/>).</param>
/// <param name="Error">The HTTP or protocol error of this case, or null.</param>
public sealed record ToolCallEvalRow(
    int Index, string Prompt, string? ExpectedTool, string? ExpectedArguments, string? ActualTool, string? ActualArguments,
    string? Content, string? FinishReason, bool Attempted, bool Valid, bool RightTool, bool RightArguments, string? Error)
{
    /// <summary>The case is right: the expected call with equal arguments, or no attempt when none is expected.</summary>
    public bool Correct => ExpectedTool is null ? !Attempted && Error is null : RightArguments;
}
