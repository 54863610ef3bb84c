using System.Text.Json.Nodes;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Grading.Training;
using Workbench.Lab.Tests.TestSupport;
using Workbench.Lab.Training;
using Workbench.LabSdk.Corpus;
using Xunit.Abstractions;

namespace Workbench.Lab.Tests.Training;

/// <summary>Lab 09's training step on the real trainer: a reply's Hermes call judged against its hidden case, and a
/// real (very short) fine-tune from a model trained here, answering every hidden case of the exercise.</summary>
public sealed class ToolModelFineTunerTests(ITestOutputHelper output)
{
    private static readonly HiddenCase Rate = new([CorpusTools.GetExchangeRate()], [new JsonObject { ["role"] = "user", ["content"] = "yen per dollar?" }],
        "get_exchange_rate", new JsonObject { ["base"] = "USD", ["quote"] = "JPY" });

    private static readonly HiddenCase Chat = Rate with { ToolName = null, Arguments = null };

    [Theory]
    [InlineData("<tool_call>\n{\"name\": \"get_exchange_rate\", \"arguments\": {\"base\": \"USD\", \"quote\": \"JPY\"}}\n</tool_call>", HiddenCaseVerdict.Right)]
    [InlineData("<tool_call>\n{\"name\": \"get_exchange_rate\", \"arguments\": {\"base\": \"usd \", \"quote\": \"jpy\"}}\n</tool_call>", HiddenCaseVerdict.Right)]
    [InlineData("<tool_call>\n{\"name\": \"get_exchange_rate\", \"arguments\": {\"base\": \"JPY\", \"quote\": \"USD\"}}\n</tool_call>", HiddenCaseVerdict.WrongArguments)]
    [InlineData("<tool_call>\n{\"name\": \"get_exchange_rate\", \"arguments\": {\"from\": \"USD\", \"to\": \"JPY\"}}\n</tool_call>", HiddenCaseVerdict.WrongArguments)]
    [InlineData("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Tokyo\"}}\n</tool_call>", HiddenCaseVerdict.WrongTool)]
    [InlineData("About 150 yen.", HiddenCaseVerdict.NoCall)]
    [InlineData("<tool_call>\n{\"name\": \"get_exchange_rate\", \"arguments\": {\"base\": \"USD\"", HiddenCaseVerdict.Invalid)]
    [InlineData("<tool_call>\nnot json\n</tool_call>", HiddenCaseVerdict.Invalid)]
    public void Judge_ReplyToARateCase_IsScored(string reply, HiddenCaseVerdict verdict) =>
        Assert.Equal(verdict, ToolModelFineTuner.Judge(Rate, reply).Verdict);

    [Theory]
    [InlineData("Hello! How can I help?", HiddenCaseVerdict.Right)]
    [InlineData("<tool_call>\n{\"name\": \"get_exchange_rate\", \"arguments\": {\"base\": \"USD\", \"quote\": \"JPY\"}}\n</tool_call>", HiddenCaseVerdict.UnexpectedCall)]
    public void Judge_ReplyToANoCallCase_IsScored(string reply, HiddenCaseVerdict verdict) =>
        Assert.Equal(verdict, ToolModelFineTunerTests.JudgeChat(reply));

    [Fact]
    public void Unavailable_NoBaseModel_SaysWhich()
    {
        using var folder = new TempDirectory();

        var tuner = ToolModelFineTuner.InModelDirectories([folder.Path]);

        Assert.Equal("the base model workbench-tools.gguf is not on this server", tuner.Unavailable);
    }

    [Fact]
    public async Task FineTuneAndEvaluateAsync_FromAModelTrainedHere_AnswersEveryHiddenCaseAndDeletesItsModel()
    {
        // A seconds-long base model (the tiny preset, a few steps): this checks the plumbing — init, extra
        // conversations, replay, llama.cpp tokenization of the hidden prompts, greedy replies — not the accuracy.
        // One generated conversation each (the trainer's minimum) and 40 of the student's keep it seconds-long.
        using var folder = new TempDirectory();
        var basePath = Path.Combine(folder.Path, ToolModelFineTuner.BaseModelFileName);
        await ToolModelTraining.RunAsync(new ToolModelTrainingOptions
        {
            Preset = ToolModelPreset.Tiny, Steps = 3, Seed = 5, Conversations = 1, OutputPath = basePath, SampleEvery = 0, Threads = 1,
            ExtraConversations = Workbench.Lab.Training.Corpus.CorpusJsonl.Read(new StringReader(string.Join('\n', Enumerable.Range(0, 40).Select(i => Conversation(i).ToJsonString())))),
        }, null, CancellationToken.None);
        var lab = RealLabs.Get("09-watch-a-model-learn");
        var exercise = lab.FindExercise("new-tool-corpus")!;
        var spec = exercise.Training! with { Steps = 2, Replay = 1 };
        var conversations = Enumerable.Range(0, 20).Select(i => Conversation(i)).ToList();
        var cases = HiddenCase.Load(spec.HiddenCasesPath, n => n == "get_exchange_rate" ? CorpusTools.GetExchangeRate()
            : new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = n, ["parameters"] = new JsonObject { ["type"] = "object" } } });
        // Lab:FineTuneMaxSteps caps the spec's 2 steps at 1.
        var tuner = ToolModelFineTuner.InModelDirectories([folder.Path], maxSteps: 1);
        Assert.Null(tuner.Unavailable);
        var before = Directory.GetDirectories(Path.GetTempPath(), "wb-finetune-*").Length;

        var evaluation = await tuner.FineTuneAndEvaluateAsync(new FineTuneRequest(conversations, cases, spec), CancellationToken.None);
        output.WriteLine($"{evaluation.Steps} steps, loss {evaluation.FinalLoss}, {evaluation.Elapsed.TotalSeconds:0.0} s: " +
            string.Join(", ", evaluation.Outcomes.Select(o => o.Verdict)));

        Assert.Equal(cases.Count, evaluation.Outcomes.Count);
        Assert.Equal(1, evaluation.Steps);
        Assert.True(evaluation.FinalLoss is > 0 and < 20, $"loss {evaluation.FinalLoss}");
        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), "wb-finetune-*").Length);
    }

    private static HiddenCaseVerdict JudgeChat(string reply) => ToolModelFineTuner.Judge(Chat, reply).Verdict;

    /// <summary>A student conversation as the harness sends it (the SDK's shape, as JSON).</summary>
    private static JsonObject Conversation(int i)
    {
        var c = Conversations.WithCall([CorpusTools.GetExchangeRate()], $"How many yen is {i + 1} dollars?", "get_exchange_rate",
            new JsonObject { ["base"] = "USD", ["quote"] = "JPY" }, "{\"rate\": 150.1}", "One dollar is 150.1 yen.");
        return new JsonObject
        {
            ["tools"] = new JsonArray([.. c.Tools.Select(t => t.DeepClone())]),
            ["messages"] = new JsonArray([.. c.Messages.Select(m => m.DeepClone())]),
            ["expected"] = new JsonObject { ["tool"] = c.Expected.ToolName, ["arguments"] = c.Expected.Arguments?.DeepClone() },
        };
    }
}
