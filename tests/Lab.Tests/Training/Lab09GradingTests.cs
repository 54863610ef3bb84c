using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Sandbox;
using Workbench.Lab.Grading.Training;
using Workbench.Lab.Tests.TestSupport;
using Xunit.Abstractions;

namespace Workbench.Lab.Tests.Training;

/// <summary>Lab 09 as the content loader reads it from the repository's <c>labs/</c>, graded on the real compiler and
/// sandbox: the quiz's key scores full marks; the corpus exercise's reference passes every corpus check, the starter
/// fails each with a clear message, each typical mistake fails exactly its check, and hostile generators (an endless
/// loop, a huge output, reading the hidden cases) fail with the reason; the training checks are scored from the
/// fine-tuner's outcomes without showing a hidden prompt.</summary>
[Collection(GradingCollection.Name)]
public sealed class Lab09GradingTests(GradingFixture fixture, ITestOutputHelper output)
{
    private const string LabId = "09-watch-a-model-learn";

    private static readonly string[] CorpusChecks = [TrainingSpec.ValidCheck, TrainingSpec.CallsNewToolCheck, TrainingSpec.VariedCheck, TrainingSpec.NoFitCheck];

    private static readonly string[] TrainingChecks = [TrainingSpec.LearnsNewToolCheck, TrainingSpec.KeepsOldToolsCheck];

    private static LabDefinition Lab => RealLabs.Get(LabId);

    private static ExerciseDefinition Corpus => Lab.FindExercise("new-tool-corpus")!;

    [Fact]
    public void Validate_Lab09_HasNoErrorsAndEmbedsTheTrainingWidget()
    {
        var errors = LabCatalogLoader.Validate(RealLabs.ContentDirectory, LabWidgets.Names);

        Assert.DoesNotContain(errors, e => e.File.StartsWith(LabId + "/", StringComparison.Ordinal));
        Assert.Equal("Watch a model learn", Lab.Title);
        Assert.Equal(9, Lab.Order);
        Assert.Equal(["quiz", "new-tool-corpus"], Lab.Exercises.Select(e => e.Id));
        Assert.Equal([ExerciseKind.Quiz, ExerciseKind.Training], Lab.Exercises.Select(e => e.Kind));
        Assert.Equal([LabWidgets.TrainingRun], Lab.Blocks.OfType<WidgetBlock>().Select(w => w.Name));
        Assert.Equal([.. CorpusChecks, .. TrainingChecks], Corpus.Checks.Select(c => c.Id));
        Assert.NotNull(Corpus.Training);
        Assert.Equal(300, Corpus.Training!.Conversations);
    }

    [Fact]
    public void CorpusTools_Definitions_EqualTheGradersAndTheBuiltinTools()
    {
        // The SDK's exchange-rate tool is what the grader compares offered tools against (its hidden copy), and the
        // SDK's weather tool is the built-in one the modules send, so training and serving agree.
        var hidden = JsonNode.Parse(File.ReadAllText(Corpus.Training!.ToolPath));
        Assert.True(JsonNode.DeepEquals(hidden, Workbench.LabSdk.Corpus.CorpusTools.GetExchangeRate()));
        var weather = new Workbench.Lab.Tools.Builtin.BuiltinTools(Path.GetTempPath()).Find("get_weather")!;
        var sdk = Workbench.LabSdk.Corpus.CorpusTools.GetWeather();
        Assert.Equal(weather.Description, (string?)sdk["function"]!["description"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(weather.JsonSchema.GetRawText()), sdk["function"]!["parameters"]));
    }

    [Fact]
    public async Task GradeAsync_QuizAllCorrect_ScoresEveryQuestion()
    {
        var quiz = Lab.FindExercise("quiz")!;

        var result = await fixture.Grader.GradeAsync(RealLabs.SubmitCorrectAnswers(Lab, quiz), CancellationToken.None);

        Assert.Equal(quiz.MaxScore, result.Score);
        Assert.Equal(7, quiz.Questions.Count);
        Assert.All(quiz.Questions, q => Assert.False(string.IsNullOrWhiteSpace(q.ExplanationHtml)));
    }

    [Fact]
    public async Task GradeAsync_QuizInitialLossOfLog2_FailsThatQuestion()
    {
        // ln V, not log2 V: 11 bits is the same uncertainty in the wrong unit.
        var quiz = Lab.FindExercise("quiz")!;
        var request = RealLabs.SubmitCorrectAnswers(Lab, quiz);
        var answers = request.Payload.Answers.ToDictionary();
        answers["initial-loss"] = new QuizAnswer(null, 11);

        var result = await fixture.Grader.GradeAsync(request with { Payload = SubmissionPayload.FromAnswers(answers) }, CancellationToken.None);

        Assert.Equal(["initial-loss"], result.Checks.Where(c => !c.Passed).Select(c => c.Id));
    }

    [Fact]
    public async Task GradeAsync_CorpusReference_PassesEveryCorpusCheck_AndSaysWhyTrainingDidNotRun()
    {
        var result = await GradeAsync(RealLabs.Solution(Corpus));

        RealLabs.AssertGraded(result);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == "error");
        Assert.All(CorpusChecks, id => Assert.True(Check(result, id).Passed, Describe(result)));
        // No base model where the test runs: the fine-tuner says so instead of training from scratch.
        Assert.All(TrainingChecks, id => Assert.Equal("not run: the base model workbench-tools.gguf is not on this server", Check(result, id).Message));
    }

    [Fact]
    public async Task GradeAsync_CorpusStarter_FailsEveryCheckWithAClearMessage()
    {
        var result = await GradeAsync(RealLabs.Starter(Corpus));

        RealLabs.AssertGraded(result);
        Assert.Equal(0, result.Score);
        Assert.Equal("Generate yielded no conversations; the grader asked for 300.", Check(result, TrainingSpec.ValidCheck).Message);
        Assert.Contains("none calls the new tool", Check(result, TrainingSpec.CallsNewToolCheck).Message);
        Assert.Contains("nothing varied", Check(result, TrainingSpec.VariedCheck).Message);
        Assert.Contains("none answers without a call", Check(result, TrainingSpec.NoFitCheck).Message);
        Assert.All(TrainingChecks, id => Assert.StartsWith("not run: the corpus must pass 'valid' and 'calls-new-tool'", Check(result, id).Message));
    }

    [Fact]
    public async Task GradeAsync_CorpusOfPlainRepliesOnly_FailsTheNewToolCheck()
    {
        // A starter that only chats: valid conversations, no call of the new tool.
        var result = await GradeAsync(RealLabs.Solution(Corpus, s => s.Replace("if (roll < 7) yield return RateCall(rng, system);", "if (roll < 7) yield return SmallTalkWith(rng, system);", StringComparison.Ordinal)));

        Assert.True(Check(result, TrainingSpec.ValidCheck).Passed, Describe(result));
        Assert.Contains("offer and call get_exchange_rate; at least 50 % must", Check(result, TrainingSpec.CallsNewToolCheck).Message);
    }

    [Theory]
    [InlineData("always the same phrasing", "var user = Fill(Pick(rng, Phrasings), b, q);", "var user = Fill(Phrasings[0], b, q);", TrainingSpec.VariedCheck, "user messages are distinct")]
    [InlineData("wrong argument names", "new JsonObject { [\"base\"] = b.Code, [\"quote\"] = q.Code }, result", "new JsonObject { [\"from\"] = b.Code, [\"to\"] = q.Code }, result", TrainingSpec.CallsNewToolCheck, "its parameters are exactly base and quote")]
    [InlineData("currency names instead of codes", "new JsonObject { [\"base\"] = b.Code, [\"quote\"] = q.Code }, result", "new JsonObject { [\"base\"] = b.Name, [\"quote\"] = q.Name }, result", TrainingSpec.CallsNewToolCheck, "three-letter upper-case ISO 4217 code")]
    [InlineData("never a plain reply with the tool offered", "else if (roll == 7) yield return SmallTalkWith(rng, system);\n            else if (roll == 8) yield return WeatherWithRateOnly(rng, system);", "else if (roll <= 8) yield return MoneyWithWeatherOnly(rng, system);", TrainingSpec.NoFitCheck, "while get_exchange_rate is offered")]
    public async Task GradeAsync_CorpusMistake_FailsExactlyItsCorpusCheck(string mistake, string find, string replace, string failing, string message)
    {
        var solution = RealLabs.Solution(Corpus, s => s.Replace(find, replace, StringComparison.Ordinal));
        Assert.NotEqual(RealLabs.Solution(Corpus)["Generator.cs"], solution["Generator.cs"]);

        var result = await GradeAsync(solution);

        RealLabs.AssertGraded(result);
        Assert.True(result.Checks.Where(c => CorpusChecks.Contains(c.Id) && !c.Passed).Select(c => c.Id).SequenceEqual([failing]), $"{mistake}: {Describe(result)}");
        Assert.Contains(message, Check(result, failing).Message);
    }

    [Fact]
    public async Task GradeAsync_GeneratorThatNeverEnds_IsKilledAtItsLimit()
    {
        var result = await GradeAsync(Generator("while (true) { }"));

        RealLabs.AssertGraded(result);
        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.Matches("^not run: killed: exceeded the (wall|CPU)-time limit", c.Message));
    }

    [Fact]
    public async Task GradeAsync_EndlessEnumerable_IsCutAtCount()
    {
        // An endless generator is not a fault: the harness takes the first count items.
        var solution = RealLabs.Solution(Corpus, s => s.Replace("for (var i = 0; i < count; i++)", "for (var i = 0; ; i++)", StringComparison.Ordinal));

        var result = await GradeAsync(solution);

        Assert.True(Check(result, TrainingSpec.ValidCheck).Passed, Describe(result));
    }

    [Fact]
    public async Task GradeAsync_HugeOutput_FailsWithTheSizeLimit()
    {
        var result = await GradeAsync(Generator(
            "var big = new string('x', 4_000_000); yield return Conversations.Plain([CorpusTools.GetExchangeRate()], big, \"ok\");"));

        RealLabs.AssertGraded(result);
        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.Contains("larger than 1 MiB", c.Message));
    }

    [Fact]
    public async Task GradeAsync_GeneratorReadingTheHiddenCases_CannotSeeThem()
    {
        var hidden = Corpus.Training!.HiddenCasesPath;
        Assert.True(File.Exists(hidden));

        var result = await GradeAsync(Generator(
            $"var text = File.ReadAllText({System.Text.Json.JsonSerializer.Serialize(hidden)}); yield return Conversations.Plain([], text, \"ok\");"));

        RealLabs.AssertGraded(result);
        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.Matches("^not run: your generator threw (FileNotFoundException|DirectoryNotFoundException|UnauthorizedAccessException)", c.Message));
        Assert.DoesNotContain("how many yen is a dollar", Describe(result), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GradeAsync_WithAFineTuner_ScoresTheHiddenCasesByCountOnly()
    {
        // The fine-tuner is the grader's neighbour (the real one trains a model); this one answers from a script:
        // every new-tool case right but three, every old-tool case right but one.
        var fineTuner = new ScriptedFineTuner(_ => HiddenCaseVerdict.Right, wrongNew: 3, wrongOld: 1);
        var grader = new TrainingCorpusGrader(fixture.Compiler, fixture.Services.GetRequiredService<SandboxRunner>(), NullLogger<TrainingCorpusGrader>.Instance, fineTuner);

        var result = await grader.GradeAsync(TestExercises.Submit(Lab, Corpus, RealLabs.Solution(Corpus)), CancellationToken.None);
        output.WriteLine(Describe(result));

        var request = Assert.Single(fineTuner.Requests);
        Assert.Equal(300, request.Conversations.Count);
        Assert.Equal(18, request.Cases.Count);
        Assert.Equal(12, request.Cases.Count(c => c.ToolName == "get_exchange_rate"));
        Assert.All(request.Cases, c => Assert.All(c.Tools, t => Assert.NotNull(t["function"]?["parameters"])));
        var learns = Check(result, TrainingSpec.LearnsNewToolCheck);
        Assert.True(learns.Passed, Describe(result));
        Assert.StartsWith("passed: the fine-tuned model called get_exchange_rate with the right arguments on 9 of 12 hidden prompts", learns.Message);
        var keeps = Check(result, TrainingSpec.KeepsOldToolsCheck);
        Assert.True(keeps.Passed, Describe(result));
        Assert.Equal(Corpus.MaxScore, result.Score);
        foreach (var hidden in request.Cases)
            Assert.DoesNotContain((string)hidden.Messages[^1]["content"]!, Describe(result), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GradeAsync_WithAFineTunerBelowTheThreshold_FailsLearnsNewToolWithTheCounts()
    {
        var fineTuner = new ScriptedFineTuner(_ => HiddenCaseVerdict.Right, wrongNew: 7, wrongOld: 0);
        var grader = new TrainingCorpusGrader(fixture.Compiler, fixture.Services.GetRequiredService<SandboxRunner>(), NullLogger<TrainingCorpusGrader>.Instance, fineTuner);

        var result = await grader.GradeAsync(TestExercises.Submit(Lab, Corpus, RealLabs.Solution(Corpus)), CancellationToken.None);

        var learns = Check(result, TrainingSpec.LearnsNewToolCheck);
        Assert.False(learns.Passed);
        Assert.Contains("on 5 of 12 hidden prompts, needs 6", learns.Message);
        Assert.Contains("7 the right tool with wrong arguments", learns.Message);
        Assert.True(Check(result, TrainingSpec.KeepsOldToolsCheck).Passed);
    }

    /// <summary>The reference solution with <c>Generate</c>'s body replaced by <paramref name="body"/>.</summary>
    private static Dictionary<string, string> Generator(string body) => RealLabs.Solution(Corpus, s =>
    {
        var start = s.IndexOf("        for (var i = 0; i < count; i++)", StringComparison.Ordinal);
        var end = s.IndexOf("    private static CorpusConversation RateCall", StringComparison.Ordinal);
        Assert.True(start > 0 && end > start);
        return s[..start] + "        " + body + "\n        yield break;\n    }\n\n" + s[end..];
    });

    private async Task<GradeResult> GradeAsync(IReadOnlyDictionary<string, string> files)
    {
        var result = await fixture.Grader.GradeAsync(TestExercises.Submit(Lab, Corpus, files), CancellationToken.None);
        output.WriteLine(Describe(result));
        return result;
    }

    private static CheckResult Check(GradeResult result, string id) => result.Checks.Single(c => c.Id == id);

    private static string Describe(GradeResult result) =>
        result.Message + ": " + string.Join("; ", result.Checks.Select(c => $"{c.Id} {(c.Passed ? "passed" : "failed")} {c.Message}"));

    /// <summary>Answers each hidden case from a script: the first <c>wrongNew</c> new-tool cases and the first
    /// <c>wrongOld</c> old-tool cases get wrong arguments, the rest <c>verdict(case)</c>.</summary>
    private sealed class ScriptedFineTuner(Func<HiddenCase, HiddenCaseVerdict> verdict, int wrongNew, int wrongOld) : ICorpusFineTuner
    {
        public List<FineTuneRequest> Requests { get; } = [];

        public string? Unavailable => null;

        public Task<FineTuneEvaluation> FineTuneAndEvaluateAsync(FineTuneRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            int news = 0, olds = 0;
            var outcomes = request.Cases.Select(c =>
            {
                var isNew = c.ToolName == "get_exchange_rate";
                var wrong = isNew ? news++ < wrongNew : olds++ < wrongOld;
                return new HiddenCaseOutcome(wrong ? HiddenCaseVerdict.WrongArguments : verdict(c), c.ToolName);
            }).ToList();
            return Task.FromResult(new FineTuneEvaluation(outcomes, request.Spec.Steps, 0.42, TimeSpan.FromSeconds(1)));
        }
    }
}
