using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;
using Xunit.Abstractions;

namespace Workbench.Lab.Tests.Grading;

/// <summary>Lab 04's exercises as the content loader reads them, graded on stories260K (the model that can write JSON).</summary>
[Collection(Stories260KGradingCollection.Name)]
public sealed class Lab04GradingTests(Stories260KGradingFixture fixture, ITestOutputHelper output)
{
    private ExerciseDefinition SchemaWriting => fixture.Lab04.FindExercise("schema-writing")!;

    private ExerciseDefinition GbnfGrammar => fixture.Lab04.FindExercise("gbnf-grammar")!;

    [Fact]
    public void Lab04_Loads_WithASchemaExerciseAGrammarExerciseAndAQuiz()
    {
        Assert.Equal(["schema-writing", "gbnf-grammar", "quiz"], fixture.Lab04.Exercises.Select(e => e.Id));
        Assert.Equal((ExerciseKind.Property, PropertyTarget.JsonSchema), (SchemaWriting.Kind, SchemaWriting.Target));
        Assert.Equal((ExerciseKind.Property, PropertyTarget.Grammar), (GbnfGrammar.Kind, GbnfGrammar.Target));
        Assert.All(SchemaWriting.Checks, c => Assert.True(c.Property!.ValidAgainst is not null || c.Property.RequiredFields is not null, c.Id));
        var widgets = fixture.Lab04.Blocks.OfType<WidgetBlock>().Select(w => w.Name).ToList();
        Assert.Contains(LabWidgets.SchemaModes, widgets);
        Assert.Contains(LabWidgets.GrammarSteps, widgets);
    }

    [Fact]
    public async Task GradeAsync_SchemaWritingReference_PassesEveryCheck()
    {
        var result = await GradeAsync(SchemaWriting, RealLabs.Solution(SchemaWriting));

        Assert.True(result.Score == SchemaWriting.MaxScore, Describe(result));
        Assert.All(result.Checks, c => Assert.Equal(c.Trials, c.TrialsPassed));
    }

    [Fact]
    public async Task GradeAsync_SchemaWritingStarter_FailsEveryCheck()
    {
        var result = await GradeAsync(SchemaWriting, RealLabs.Starter(SchemaWriting));

        RealLabs.AssertGraded(result);
        Assert.True(result.Score == 0, Describe(result));
        Assert.All(result.Checks, c => Assert.False(c.Passed));
    }

    [Fact]
    public async Task GradeAsync_SchemaWithoutYearBounds_FailsTheYearCheckOnly()
    {
        var loose = RealLabs.Solution(SchemaWriting, s => s.Replace("\"minimum\": 1450, \"maximum\": 2030", "\"minimum\": 0, \"maximum\": 9999"));

        var result = await GradeAsync(SchemaWriting, loose);

        var failed = result.Checks.Where(c => !c.Passed).Select(c => c.Id).ToList();
        Assert.True(failed.SequenceEqual(["year-range", "nothing-else"]), Describe(result));
        Assert.Contains("/year", result.Checks.Single(c => c.Id == "year-range").Message);
    }

    [Fact]
    public async Task GradeAsync_SchemaWithAnUnsupportedKeyword_FailsEveryCheckNamingIt()
    {
        var withPattern = RealLabs.Solution(SchemaWriting, s => s.Replace("\"minLength\": 1, \"maxLength\": 40", "\"pattern\": \"^[A-Z]\""));

        var result = await GradeAsync(SchemaWriting, withPattern);

        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.StartsWith("Your schema was rejected: ", c.Message));
        Assert.Contains("pattern", result.Message);
    }

    [Fact]
    public async Task GradeAsync_GbnfGrammarReference_PassesEveryCheck()
    {
        var result = await GradeAsync(GbnfGrammar, RealLabs.Solution(GbnfGrammar));

        Assert.True(result.Score == GbnfGrammar.MaxScore, Describe(result));
    }

    [Fact]
    public async Task GradeAsync_GbnfGrammarStarter_FailsTheDateChecks()
    {
        var result = await GradeAsync(GbnfGrammar, RealLabs.Starter(GbnfGrammar));

        var failed = result.Checks.Where(c => !c.Passed).Select(c => c.Id).ToList();
        Assert.Contains("date-shape", failed);
        Assert.Contains("real-month-and-day", failed);
        Assert.True(result.Score < GbnfGrammar.MaxScore, Describe(result));
    }

    [Fact]
    public async Task GradeAsync_GrammarWithoutTheMonthRange_FailsTheMonthAndDayCheck()
    {
        const string loose = "root ::= [0-9]{4} \"-\" [0-9]{2} \"-\" [0-9]{2}";

        var result = await GradeAsync(GbnfGrammar, new Dictionary<string, string> { ["date.gbnf"] = loose });

        Assert.True(result.Checks.Single(c => c.Id == "date-shape").Passed, Describe(result));
        Assert.False(result.Checks.Single(c => c.Id == "real-month-and-day").Passed, Describe(result));
    }

    [Fact]
    public async Task GradeAsync_QuizAllCorrect_ScoresEveryQuestion()
    {
        var quiz = fixture.Lab04.FindExercise("quiz")!;

        var result = await fixture.Grader.GradeAsync(RealLabs.SubmitCorrectAnswers(fixture.Lab04, quiz), CancellationToken.None);

        Assert.Equal(quiz.MaxScore, result.Score);
        Assert.Equal(5, quiz.Questions.Count);
        Assert.Contains(quiz.Questions, q => q.Kind == QuizQuestionKind.Numeric);
        Assert.Contains(quiz.Questions, q => q.Kind == QuizQuestionKind.Multiple);
    }

    private async Task<GradeResult> GradeAsync(ExerciseDefinition exercise, IReadOnlyDictionary<string, string> files)
    {
        var result = await fixture.Grader.GradeAsync(TestExercises.Submit(fixture.Lab04, exercise, files), CancellationToken.None);
        output.WriteLine(Describe(result));
        return result;
    }

    private static string Describe(GradeResult result) =>
        result.Message + ": " + string.Join("; ", result.Checks.Select(c => $"{c.Id} {(c.Passed ? "passed" : "failed")} {c.Message}"));
}
