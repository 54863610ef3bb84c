namespace Workbench.Lab.Grading;

/// <summary>What a student submits for one exercise.</summary>
/// <param name="Files">Code and property exercises: file name (as in <c>StarterFile.Name</c>) → content. Empty for quizzes.</param>
/// <param name="Answers">Quizzes: question id → answer. Empty otherwise.</param>
public sealed record SubmissionPayload(IReadOnlyDictionary<string, string> Files, IReadOnlyDictionary<string, QuizAnswer> Answers)
{
    /// <summary>A payload of files only.</summary>
    /// <param name="files">File name → content.</param>
    public static SubmissionPayload FromFiles(IReadOnlyDictionary<string, string> files) => new(files, new Dictionary<string, QuizAnswer>());

    /// <summary>A payload of quiz answers only.</summary>
    /// <param name="answers">Question id → answer.</param>
    public static SubmissionPayload FromAnswers(IReadOnlyDictionary<string, QuizAnswer> answers) => new(new Dictionary<string, string>(), answers);
}

/// <summary>An answer to one quiz question: <see cref="Choices"/> (0-based option indexes; one for single
/// choice) or <see cref="Number"/> for numeric questions.</summary>
/// <param name="Choices">Selected options.</param>
/// <param name="Number">The number entered.</param>
public sealed record QuizAnswer(IReadOnlyList<int>? Choices, double? Number);
