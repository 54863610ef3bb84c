using Workbench.Lab.Content;

namespace Workbench.Lab.Grading.Quiz;

/// <summary>
/// Grades quizzes, all or nothing per question: single choice = the one correct option; multiple choice = exactly
/// the set of correct options (order and repeats ignored); numeric = within the question's tolerance. A question
/// left unanswered is wrong. The correct answers never appear in the result (the UI shows the explanations).
/// </summary>
public sealed class QuizGrader
{
    /// <summary>Grades a quiz submission.</summary>
    /// <param name="request">The submission; its payload's <see cref="SubmissionPayload.Answers"/> are read.</param>
    /// <returns>One <see cref="CheckResult"/> per question, in order; duration and attempt left for
    /// <see cref="ExerciseGrader"/>.</returns>
    public GradeResult Grade(GradingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = new List<CheckResult>();
        foreach (var question in request.Exercise.Questions)
        {
            request.Payload.Answers.TryGetValue(question.Id, out var answer);
            var (correct, message) = answer is null ? (false, "Not answered.") : (IsCorrect(question, answer), "");
            if (message.Length == 0) message = correct ? "Correct." : "Not correct.";
            results.Add(new CheckResult(question.Id, question.Title, correct, message, correct ? question.Points : 0, question.Points));
        }
        return new GradeResult(GradeOutcome.Graded, results.Sum(r => r.Points), request.Exercise.MaxScore, TimeSpan.Zero, 0,
            results, [], GradeResults.Summary(results, "question"));
    }

    /// <summary>Whether <paramref name="answer"/> is right for <paramref name="question"/>.</summary>
    /// <param name="question">The question.</param>
    /// <param name="answer">The student's answer.</param>
    public static bool IsCorrect(QuizQuestion question, QuizAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        return question.Kind switch
        {
            QuizQuestionKind.Single => answer.Choices is [var choice] && question.CorrectChoices.Count == 1 && choice == question.CorrectChoices[0],
            QuizQuestionKind.Multiple => answer.Choices is { } choices && choices.ToHashSet().SetEquals(question.CorrectChoices),
            QuizQuestionKind.Numeric => answer.Number is { } number && question.Answer is { } expected
                && double.IsFinite(number) && Math.Abs(number - expected) <= question.Tolerance + 1e-9,
            _ => false,
        };
    }
}
