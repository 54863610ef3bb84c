using Microsoft.Extensions.Options;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Property;
using Workbench.Lab.Tests.TestSupport;

namespace Workbench.Lab.Tests.Grading;

/// <summary>Property exercises graded by running TinyStories-656K with fixed seeds.</summary>
[Collection(GradingCollection.Name)]
public sealed class PropertyGraderTests(GradingFixture fixture)
{
    // "Answer yes or no, then give a short reason": the form every completion must have.
    private static readonly PropertyCheck YesNoWithReason = new(
        UserPrompt: "Is the sun hot?",
        SystemPrompt: "You answer questions.",
        MaxTokens: 48,
        Seeds: [1, 2, 3],
        Regex: @"(yes|no), because [a-z]+( [a-z]+){0,2}\.",
        FinishReason: "stop");

    private const string GoodGrammar = """
        root   ::= answer ", because " word (" " word)? (" " word)? "."
        answer ::= "yes" | "no"
        word   ::= [a-z] [a-z]? [a-z]? [a-z]? [a-z]? [a-z]? [a-z]?
        """;

    [Fact]
    public async Task GradeAsync_GrammarThatForcesTheForm_PassesOnEverySeed()
    {
        var result = await GradeAsync(GrammarExercise(), "grammar.gbnf", GoodGrammar);

        var check = Assert.Single(result.Checks);
        Assert.True(check.Passed, check.Message);
        Assert.Equal((3, 3, 3), (check.TrialsPassed, check.Trials, check.Points));
        Assert.Equal("passed 3 of 3 seeds", check.Message);
        Assert.Equal(GradeOutcome.Graded, result.Outcome);
    }

    [Fact]
    public async Task GradeAsync_GrammarThatAllowsAnyWords_Fails()
    {
        var result = await GradeAsync(GrammarExercise(), "grammar.gbnf", "root ::= [a-z ]+");

        var check = Assert.Single(result.Checks);
        Assert.False(check.Passed);
        Assert.Equal(0, check.Points);
        Assert.StartsWith("seed 1: finish_reason was \"length\"; expected \"stop\"", check.Message);
    }

    [Fact]
    public async Task GradeAsync_GrammarThatDoesNotParse_FailsSayingSo()
    {
        var result = await GradeAsync(GrammarExercise(), "grammar.gbnf", "root ::= \"yes");

        var check = Assert.Single(result.Checks);
        Assert.False(check.Passed);
        Assert.StartsWith("Your grammar was rejected: ", check.Message);
    }

    [Fact]
    public async Task GradeAsync_SamplingWithinTheLimit_Passes()
    {
        var exercise = SamplingExercise(new PropertyCheck("Tell me a story.", null, 64, [1, 2], MaxCompletionTokens: 6));

        var result = await GradeAsync(exercise, "sampling.json", """{ "temperature": 0.5, "top_k": 20, "max_tokens": 6 }""");

        Assert.True(Assert.Single(result.Checks).Passed, result.Checks[0].Message);
    }

    [Theory]
    [InlineData("{ \"temperature\": 0.5,", "Your sampling configuration is not valid JSON: ")]
    [InlineData("[0.5]", "Your sampling configuration must be a JSON object")]
    [InlineData("{ \"temprature\": 0.5 }", "Unknown sampling parameter 'temprature'. Known: temperature, top_k")]
    [InlineData("{ \"temperature\": \"hot\" }", "'temperature' must be a number.")]
    [InlineData("{ \"temperature\": 3 }", "'temperature' must be between 0 and 2.")]
    [InlineData("{ \"max_tokens\": 0 }", "'max_tokens' must be a whole number of at least 1.")]
    public async Task GradeAsync_BadSamplingFile_FailsEveryCheckWithTheReason(string json, string expected)
    {
        var exercise = SamplingExercise(new PropertyCheck("Tell me a story.", null, 16, [1]));

        var result = await GradeAsync(exercise, "sampling.json", json);

        var check = Assert.Single(result.Checks);
        Assert.False(check.Passed);
        Assert.StartsWith(expected, check.Message);
        Assert.StartsWith(expected, result.Message);
    }

    [Fact]
    public async Task GradeAsync_NoModelLoaded_IsAGradingErrorNotAFailure()
    {
        await using var empty = new LlamaEngine(TestModels.Options());
        var grader = new PropertyGrader(empty, Options.Create(new LabOptions { ModelWaitSeconds = 1 }));
        var exercise = GrammarExercise();

        var result = await grader.GradeAsync(TestExercises.Submit(TestExercises.LabOf(exercise), exercise,
            new Dictionary<string, string> { ["grammar.gbnf"] = GoodGrammar }), CancellationToken.None);

        Assert.Equal(GradeOutcome.Error, result.Outcome);
        Assert.Equal("Grading could not run: No model is loaded, so the checks cannot run. Load a model and submit again.", result.Message);
        Assert.Equal(0, result.Score);
        Assert.Equal("not graded", Assert.Single(result.Checks).Message);
    }

    private Task<GradeResult> GradeAsync(ExerciseDefinition exercise, string file, string content) =>
        fixture.Grader.GradeAsync(TestExercises.Submit(TestExercises.LabOf(exercise), exercise,
            new Dictionary<string, string> { [file] = content }), CancellationToken.None);

    private static ExerciseDefinition GrammarExercise() => new()
    {
        Id = "yes-no",
        Title = "Yes or no, with a reason",
        Kind = ExerciseKind.Property,
        Target = PropertyTarget.Grammar,
        InstructionsHtml = "",
        DirectoryPath = Path.GetTempPath(),
        StarterFiles = [new StarterFile("grammar.gbnf", "root ::= ")],
        Checks = [new CheckDefinition("form", "Answers yes or no, then a reason", 3, Trials: 3, Property: YesNoWithReason)],
    };

    private static ExerciseDefinition SamplingExercise(PropertyCheck check) => new()
    {
        Id = "short",
        Title = "Keep it short",
        Kind = ExerciseKind.Property,
        Target = PropertyTarget.Sampling,
        InstructionsHtml = "",
        DirectoryPath = Path.GetTempPath(),
        StarterFiles = [new StarterFile("sampling.json", "{}")],
        Checks = [new CheckDefinition("short", "Short answers", 1, Trials: check.Seeds.Count, Property: check)],
    };
}
