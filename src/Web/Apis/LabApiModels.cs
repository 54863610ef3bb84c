using System.Text.Json;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Storage;

namespace Workbench.Web.Apis;

// The lab API's wire shapes. The public views leave out everything hidden: checks code and paths, solutions,
// quiz answers, tolerances and explanations, property checks' prompts and expectations.

/// <summary>A lab in the list, with the user's progress.</summary>
internal sealed record LabSummaryView(
    string Id, string Title, int Order, int EstimatedMinutes, string Summary, IReadOnlyList<string> Objectives,
    IReadOnlyList<string> Prerequisites, int Score, int MaxScore, int Attempts, ProgressStatus Status,
    IReadOnlyList<ExerciseSummaryView> Exercises)
{
    public static LabSummaryView From(LabDefinition lab, LabProgress progress) => new(
        lab.Id, lab.Title, lab.Order, lab.EstimatedMinutes, lab.Summary, lab.Objectives, lab.Prerequisites,
        progress.Score, progress.MaxScore, progress.Attempts, progress.Status,
        lab.Exercises.Zip(progress.Exercises, (e, p) => new ExerciseSummaryView(e.Id, e.Title, Names.Of(e.Kind), p.BestScore, p.MaxScore, p.Attempts, p.Status)).ToList());
}

/// <summary>An exercise in the lab list, with the user's progress.</summary>
internal sealed record ExerciseSummaryView(string Id, string Title, string Kind, int BestScore, int MaxScore, int Attempts, ProgressStatus Status);

/// <summary>A lab as a student may see it.</summary>
internal sealed record LabView(
    string Id, string Title, int Order, int EstimatedMinutes, string Summary, IReadOnlyList<string> Objectives,
    IReadOnlyList<string> Prerequisites, int MaxScore, IReadOnlyList<LabSection> Sections, IReadOnlyList<BlockView> Blocks,
    IReadOnlyList<ExerciseView> Exercises)
{
    public static LabView From(LabDefinition lab) => new(
        lab.Id, lab.Title, lab.Order, lab.EstimatedMinutes, lab.Summary, lab.Objectives, lab.Prerequisites, lab.MaxScore,
        lab.Sections, lab.Blocks.Select(BlockView.From).ToList(), lab.Exercises.Select(ExerciseView.From).ToList());
}

/// <summary>A piece of a lab's body: <c>markdown</c> (html), <c>widget</c> (name, options) or <c>exercise</c> (exerciseId).</summary>
internal sealed record BlockView(string Type, int Line, string? Html = null, string? Widget = null,
    IReadOnlyDictionary<string, string>? Options = null, string? ExerciseId = null)
{
    public static BlockView From(LabBlock block) => block switch
    {
        MarkdownBlock m => new("markdown", m.Line, Html: m.Html),
        WidgetBlock w => new("widget", w.Line, Widget: w.Name, Options: w.Options),
        ExerciseBlock e => new("exercise", e.Line, ExerciseId: e.ExerciseId),
        _ => new("unknown", block.Line),
    };
}

/// <summary>An exercise as a student may see it.</summary>
internal sealed record ExerciseView(
    string Id, string Title, string Kind, string InstructionsHtml, int MaxScore, string? Target,
    IReadOnlyList<StarterFile> StarterFiles, IReadOnlyList<CheckView> Checks, IReadOnlyList<QuestionView> Questions)
{
    public static ExerciseView From(ExerciseDefinition e) => new(
        e.Id, e.Title, Names.Of(e.Kind), e.InstructionsHtml, e.MaxScore, e.Target is { } t ? Names.Of(t) : null,
        e.StarterFiles,
        e.Checks.Select(c => new CheckView(c.Id, c.Title, c.Points, c.Trials, c.PassThreshold)).ToList(),
        e.Questions.Select(q => new QuestionView(q.Id, Names.Of(q.Kind), q.PromptHtml, q.Options, q.Points)).ToList());
}

/// <summary>A check's visible part: what it checks and what it is worth.</summary>
internal sealed record CheckView(string Id, string Title, int Points, int Trials, double PassThreshold);

/// <summary>A quiz question without its answer.</summary>
internal sealed record QuestionView(string Id, string Kind, string PromptHtml, IReadOnlyList<string> Options, int Points);

/// <summary>The body of a submission: files (code, property) or answers (quiz).</summary>
internal sealed record SubmissionRequest(Dictionary<string, string>? Files, Dictionary<string, QuizAnswer>? Answers)
{
    public SubmissionPayload ToPayload() => new(Files ?? [], Answers ?? []);
}

/// <summary>The answer to a submission: stored, grading in the background.</summary>
internal sealed record SubmissionAccepted(string Id, int Attempt, string Status, string Location);

/// <summary>A submission with its result once graded.</summary>
internal sealed record SubmissionView(
    string Id, string UserId, string LabId, string ExerciseId, int Attempt, string Status, bool IsReset,
    DateTimeOffset CreatedAt, DateTimeOffset? GradedAt, IReadOnlyDictionary<string, string> Files,
    IReadOnlyDictionary<string, QuizAnswer> Answers, ResultView? Result)
{
    public static SubmissionView From(Submission s) => new(
        s.Id, s.UserId, s.LabId, s.ExerciseId, s.Attempt, Names.Of(s.Status), s.IsReset, s.CreatedAt, s.GradedAt,
        s.Payload.Files, s.Payload.Answers, s.Result is { } r ? ResultView.From(r) : null);
}

/// <summary>A grade: per-check results (messages never hold hidden check code), score, diagnostics.</summary>
internal sealed record ResultView(
    string Outcome, int Score, int MaxScore, double DurationMs, int Attempt, string Message,
    IReadOnlyList<CheckResult> Checks, IReadOnlyList<CompileDiagnostic> Diagnostics)
{
    public static ResultView From(GradeResult r) => new(
        Names.Of(r.Outcome), r.Score, r.MaxScore, r.Duration.TotalMilliseconds, r.Attempt, r.Message, r.Checks, r.Diagnostics);
}

/// <summary>An exercise's reference solution (instructors only).</summary>
internal sealed record SolutionView(string LabId, string ExerciseId, IReadOnlyList<StarterFile> Files, IReadOnlyList<AnswerKeyView> Answers);

/// <summary>A quiz question's answer (instructors only).</summary>
internal sealed record AnswerKeyView(string Id, IReadOnlyList<int> CorrectChoices, double? Answer, double Tolerance, string? ExplanationHtml);

/// <summary>Enum values as the API writes them (kebab case: <c>compile-error</c>, <c>system-prompt</c>).</summary>
internal static class Names
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
