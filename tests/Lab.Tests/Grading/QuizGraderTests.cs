using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Quiz;

namespace Workbench.Lab.Tests.Grading;

public sealed class QuizGraderTests
{
    private static readonly QuizQuestion Single = new("single", QuizQuestionKind.Single, "<p>Which <em>role</em> comes first?</p>",
        ["system", "user", "assistant"], 1, [0], null, 0, null);

    private static readonly QuizQuestion Multiple = new("multiple", QuizQuestionKind.Multiple, "<p>Pick two</p>",
        ["a", "b", "c", "d"], 2, [1, 3], null, 0, null);

    private static readonly QuizQuestion Numeric = new("numeric", QuizQuestionKind.Numeric, "<p>How many?</p>",
        [], 3, [], 210, 0.5, null);

    [Theory]
    [InlineData(new[] { 0 }, true)]
    [InlineData(new[] { 1 }, false)]
    [InlineData(new[] { 0, 1 }, false)]
    [InlineData(new int[0], false)]
    public void IsCorrect_SingleChoice_OnlyTheOneCorrectOption(int[] choices, bool expected) =>
        Assert.Equal(expected, QuizGrader.IsCorrect(Single, new QuizAnswer(choices, null)));

    [Theory]
    [InlineData(new[] { 1, 3 }, true)]
    [InlineData(new[] { 3, 1, 3 }, true)]
    [InlineData(new[] { 1 }, false)]
    [InlineData(new[] { 1, 2, 3 }, false)]
    public void IsCorrect_MultipleChoice_ExactlyTheCorrectSet(int[] choices, bool expected) =>
        Assert.Equal(expected, QuizGrader.IsCorrect(Multiple, new QuizAnswer(choices, null)));

    [Theory]
    [InlineData(210, true)]
    [InlineData(210.5, true)]
    [InlineData(209.5, true)]
    [InlineData(210.6, false)]
    [InlineData(double.NaN, false)]
    public void IsCorrect_Numeric_WithinTheTolerance(double number, bool expected) =>
        Assert.Equal(expected, QuizGrader.IsCorrect(Numeric, new QuizAnswer(null, number)));

    [Fact]
    public void IsCorrect_NumericWithoutANumber_IsWrong() =>
        Assert.False(QuizGrader.IsCorrect(Numeric, new QuizAnswer([0], null)));

    [Fact]
    public void Grade_MixedAnswers_ScoresEachQuestionAllOrNothing()
    {
        var answers = new Dictionary<string, QuizAnswer>
        {
            ["single"] = new([0], null),
            ["multiple"] = new([1], null),
        };

        var result = new QuizGrader().Grade(Request(answers));

        Assert.Equal(GradeOutcome.Graded, result.Outcome);
        Assert.Equal((1, 6), (result.Score, result.MaxScore));
        Assert.Equal(
            [("single", true, "Correct.", 1), ("multiple", false, "Not correct.", 0), ("numeric", false, "Not answered.", 0)],
            result.Checks.Select(c => (c.Id, c.Passed, c.Message, c.Points)));
        Assert.Equal("Which role comes first?", result.Checks[0].Title);
        Assert.Equal("1 of 3 questions passed (1/6 points)", result.Message);
    }

    private static GradingRequest Request(IReadOnlyDictionary<string, QuizAnswer> answers)
    {
        var exercise = new ExerciseDefinition
        {
            Id = "quiz", Title = "Quiz", Kind = ExerciseKind.Quiz, InstructionsHtml = "", DirectoryPath = "/tmp",
            Questions = [Single, Multiple, Numeric],
        };
        var lab = new LabDefinition("lab", "Lab", 1, 5, "", [], [], [], [], [exercise], "/tmp");
        return new GradingRequest(lab, exercise, SubmissionPayload.FromAnswers(answers), 1, null);
    }
}
