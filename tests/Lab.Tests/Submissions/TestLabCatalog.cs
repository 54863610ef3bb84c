using Workbench.Lab.Content;

namespace Workbench.Lab.Tests.Submissions;

/// <summary>A catalog of one hand-built lab (the submission pipeline's tests need shapes, not parsed content):
/// <c>lab-1</c> with a code exercise <c>code-1</c> (files Solution.cs and Helper.cs, checks a = 2 and b = 3 points)
/// and a quiz <c>quiz-1</c> (single, multiple and numeric questions).</summary>
public sealed class TestLabCatalog : ILabCatalog
{
    public const string LabId = "lab-1";
    public const string CodeExerciseId = "code-1";
    public const string QuizId = "quiz-1";

    public TestLabCatalog()
    {
        ExerciseDefinition code = new()
        {
            Id = CodeExerciseId,
            Title = "Code",
            Kind = ExerciseKind.Code,
            InstructionsHtml = "<p>Write code.</p>",
            DirectoryPath = "/nonexistent/code-1",
            StarterFiles = [new StarterFile("Solution.cs", "// starter"), new StarterFile("Helper.cs", "// helper")],
            Checks = [new CheckDefinition("a", "Check A", 2), new CheckDefinition("b", "Check B", 3)],
        };
        ExerciseDefinition quiz = new()
        {
            Id = QuizId,
            Title = "Quiz",
            Kind = ExerciseKind.Quiz,
            InstructionsHtml = "<p>Answer.</p>",
            DirectoryPath = "/nonexistent/quiz-1",
            Questions =
            [
                new QuizQuestion("single", QuizQuestionKind.Single, "<p>One?</p>", ["x", "y", "z"], 1, [1], null, 0, null),
                new QuizQuestion("multi", QuizQuestionKind.Multiple, "<p>Some?</p>", ["x", "y", "z"], 1, [0, 2], null, 0, null),
                new QuizQuestion("number", QuizQuestionKind.Numeric, "<p>How many?</p>", [], 1, [], 42, 0.5, null),
            ],
        };
        Lab = new LabDefinition(LabId, "Lab one", 1, 10, "A lab.", [], [], [], [], [code, quiz], "/nonexistent");
    }

    public LabDefinition Lab { get; }

    public IReadOnlyList<LabDefinition> Labs => [Lab];

    public LabDefinition? FindLab(string labId) => labId == LabId ? Lab : null;
}
