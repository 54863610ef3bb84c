using Microsoft.AspNetCore.Components;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Storage;

namespace Workbench.Web.Components.Pages.Labs;

/// <summary>
/// The panel of a quiz. The form holds the learner's answers (restored from their latest attempt); after grading,
/// each question shows right or wrong from the attempt's per-question <see cref="CheckResult"/> and its
/// explanation. The correct answers (<see cref="QuizQuestion.CorrectChoices"/>, <see cref="QuizQuestion.Answer"/>)
/// are never rendered here.
/// </summary>
public partial class QuizPanel
{
    private readonly string _id = "quiz-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, AnswerDraft> _drafts = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        foreach (var q in Exercise.Questions) _drafts.TryAdd(q.Id, new AnswerDraft());
    }

    /// <inheritdoc />
    protected override Task OnHistoryLoadedAsync()
    {
        if (History.FirstOrDefault() is { } latest) Restore(latest);
        return Task.CompletedTask;
    }

    // The mark of a question in the shown attempt, once graded; null before (nothing is revealed).
    private CheckResult? MarkOf(QuizQuestion question) =>
        Shown is { Status: SubmissionStatus.Graded, Result: { } result } ? result.Checks.FirstOrDefault(c => c.Id == question.Id) : null;

    private static void Toggle(AnswerDraft draft, int option, ChangeEventArgs e)
    {
        if (e.Value is true) draft.Multiple.Add(option);
        else draft.Multiple.Remove(option);
    }

    private void ShowAttempt(Submission submission)
    {
        Show(submission);
        Restore(submission);
    }

    private void Restore(Submission submission)
    {
        foreach (var q in Exercise.Questions) _drafts.TryAdd(q.Id, new AnswerDraft());
        foreach (var (id, answer) in submission.Payload.Answers)
        {
            if (!_drafts.TryGetValue(id, out var draft)) continue;
            draft.Single = answer.Choices is [var one] ? one : null;
            draft.Multiple = [.. answer.Choices ?? []];
            draft.Number = answer.Number;
        }
    }

    private async Task SubmitQuizAsync()
    {
        var answers = new Dictionary<string, QuizAnswer>(StringComparer.Ordinal);
        foreach (var q in Exercise.Questions)
        {
            // Unanswered questions are left out (they score nothing).
            var draft = _drafts[q.Id];
            QuizAnswer? answer = q.Kind switch
            {
                QuizQuestionKind.Single when draft.Single is { } one => new QuizAnswer([one], null),
                QuizQuestionKind.Multiple when draft.Multiple.Count > 0 => new QuizAnswer([.. draft.Multiple.Order()], null),
                QuizQuestionKind.Numeric when draft.Number is { } number && double.IsFinite(number) => new QuizAnswer(null, number),
                _ => null,
            };
            if (answer is not null) answers[q.Id] = answer;
        }
        await SubmitAsync(SubmissionPayload.FromAnswers(answers));
    }

    private sealed class AnswerDraft
    {
        public int? Single { get; set; }
        public HashSet<int> Multiple { get; set; } = [];
        public double? Number { get; set; }
    }
}
