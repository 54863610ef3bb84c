using System.Text;
using Workbench.Lab.Content;

namespace Workbench.Lab.Grading.Submissions;

/// <summary>Checks a payload's shape against its exercise before it is stored.</summary>
internal static class SubmissionValidator
{
    /// <summary>Throws <see cref="InvalidSubmissionException"/> when <paramref name="payload"/> does not fit <paramref name="exercise"/>.</summary>
    public static void Validate(ExerciseDefinition exercise, SubmissionPayload payload)
    {
        if (payload.Files is null || payload.Answers is null)
        {
            throw new InvalidSubmissionException("The submission has no files or answers collection.");
        }
        if (exercise.Kind == ExerciseKind.Quiz)
        {
            ValidateAnswers(exercise, payload);
        }
        else
        {
            ValidateFiles(exercise, payload);
        }
    }

    private static void ValidateFiles(ExerciseDefinition exercise, SubmissionPayload payload)
    {
        if (payload.Answers.Count > 0)
        {
            throw new InvalidSubmissionException($"Exercise '{exercise.Id}' takes files, not quiz answers.");
        }
        var expected = exercise.StarterFiles.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = payload.Files.Keys.Where(n => !expected.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidSubmissionException(
                $"Exercise '{exercise.Id}' has no file named {string.Join(", ", unknown.Select(n => $"'{n}'"))}; its files are {Names(expected)}.");
        }
        var missing = expected.Where(n => !payload.Files.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidSubmissionException($"The submission lacks {string.Join(", ", missing.Select(n => $"'{n}'"))}; submit every file: {Names(expected)}.");
        }
        long size = 0;
        foreach (var (name, content) in payload.Files)
        {
            if (content is null)
            {
                throw new InvalidSubmissionException($"File '{name}' has no content.");
            }
            size += Encoding.UTF8.GetByteCount(content);
        }
        if (size > SubmissionService.MaxFilesSizeInBytes)
        {
            throw new InvalidSubmissionException(
                $"The files total {size / 1024.0:0.#} KiB; the limit is {SubmissionService.MaxFilesSizeInBytes / 1024} KiB.");
        }
    }

    private static void ValidateAnswers(ExerciseDefinition exercise, SubmissionPayload payload)
    {
        if (payload.Files.Count > 0)
        {
            throw new InvalidSubmissionException($"Exercise '{exercise.Id}' is a quiz: it takes answers, not files.");
        }
        var questions = exercise.Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        foreach (var (id, answer) in payload.Answers)
        {
            if (!questions.TryGetValue(id, out var question))
            {
                throw new InvalidSubmissionException($"Quiz '{exercise.Id}' has no question '{id}'.");
            }
            if (answer is null)
            {
                throw new InvalidSubmissionException($"The answer to question '{id}' is empty.");
            }
            ValidateAnswer(id, question, answer);
        }
    }

    private static void ValidateAnswer(string id, QuizQuestion question, QuizAnswer answer)
    {
        if (question.Kind == QuizQuestionKind.Numeric)
        {
            if (answer.Number is not { } number || !double.IsFinite(number))
            {
                throw new InvalidSubmissionException($"Question '{id}' takes a number.");
            }
            return;
        }
        if (answer.Choices is not { } choices)
        {
            throw new InvalidSubmissionException($"Question '{id}' takes a choice of options.");
        }
        if (question.Kind == QuizQuestionKind.Single && choices.Count != 1)
        {
            throw new InvalidSubmissionException($"Question '{id}' takes exactly one option.");
        }
        if (choices.Any(c => c < 0 || c >= question.Options.Count) || choices.Distinct().Count() != choices.Count)
        {
            throw new InvalidSubmissionException($"Question '{id}' has options 0..{question.Options.Count - 1}, each chosen at most once.");
        }
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Order(StringComparer.Ordinal).Select(n => $"'{n}'"));
}
