using Workbench.Engine.Training;
using Workbench.Lab.Training;
using Workbench.Lab.Training.Corpus;
using Xunit;

namespace Workbench.Lab.Tests.Training;

/// <summary>The whole recipe on a seconds-long run: corpus, BPE, llama.cpp tokenization, training, a GGUF that
/// carries its recipe — and the same seed writes the same file.</summary>
public sealed class ToolModelTrainingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wb-toolmodel-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ToolModelTrainingOptions Smoke(string name, int seed = 3) => new()
    {
        Preset = ToolModelPreset.Tiny,
        Steps = 4,
        BatchSize = 4,
        Conversations = 120,
        SampleEvery = 2,
        Seed = seed,
        Threads = 2,
        OutputPath = Path.Combine(_folder, name),
        Command = "test",
    };

    [Fact]
    public async Task A_smoke_run_reports_every_phase_and_writes_a_model_with_its_recipe_and_the_same_seed_writes_the_same_bytes()
    {
        var events = new List<TrainingEvent>();
        var result = await ToolModelTraining.RunAsync(Smoke("a.gguf"), new Collect(events), CancellationToken.None);

        Assert.Equal(["corpus", "tokenizer", "tokenize", "tokenize", "train", "export"],
            events.OfType<TrainingPhaseEvent>().Select(p => p.Phase));
        var steps = events.OfType<TrainingStepEvent>().ToList();
        Assert.Equal(4, steps[^1].Step);
        Assert.All(steps, s => Assert.True(float.IsFinite(s.Loss) && s.TokensPerSecond > 0));
        // ln(vocab) at the start: an untrained model spreads its probability evenly.
        Assert.InRange(steps[0].Loss, Math.Log(result.Shape.VocabSize) - 1, Math.Log(result.Shape.VocabSize) + 1);
        var samples = events.OfType<TrainingSampleEvent>().ToList();
        Assert.Equal([0, 2, 4], samples.Select(s => s.Step).Distinct());
        Assert.Equal(ToolModelTraining.SamplePrompts().Count * 3, samples.Count);
        var done = Assert.IsType<TrainingDoneEvent>(events[^1]);
        Assert.Equal(result.ModelPath, done.ModelPath);
        Assert.Equal(new FileInfo(result.ModelPath).Length, done.Bytes);
        Assert.False(File.Exists(result.ModelPath + ".partial"));

        var record = TinyLlamaGguf.ReadTrainingRecord(result.ModelPath);
        Assert.Equal("3", record["seed"]);
        Assert.Equal("4", record["steps"]);
        Assert.Equal(CorpusHash.Compute(new ToolCorpusGenerator(3).Generate(120, CorpusSplit.Train)), record["corpus_sha256"]);
        Assert.Equal("test", record["command"]);
        var model = TrainedToolModel.Open(result.ModelPath);
        Assert.Equal(result.Shape, model.Shape);
        Assert.Equal(0, model.Shape.VocabSize % 8);

        var again = await ToolModelTraining.RunAsync(Smoke("b.gguf"), null, CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(result.ModelPath), File.ReadAllBytes(again.ModelPath));
        var other = await ToolModelTraining.RunAsync(Smoke("c.gguf", seed: 4), null, CancellationToken.None);
        Assert.NotEqual(File.ReadAllBytes(result.ModelPath), File.ReadAllBytes(other.ModelPath));
    }

    [Fact]
    public async Task Fine_tuning_keeps_the_base_models_tokenizer_and_shape()
    {
        var base_ = await ToolModelTraining.RunAsync(Smoke("base.gguf"), null, CancellationToken.None);
        var tuned = await ToolModelTraining.RunAsync(Smoke("tuned.gguf") with { InitModelPath = base_.ModelPath, Steps = 2 }, null, CancellationToken.None);
        Assert.Equal(base_.Shape, tuned.Shape);
        Assert.Equal(TrainedToolModel.Open(base_.ModelPath).Vocabulary.Tokens, TrainedToolModel.Open(tuned.ModelPath).Vocabulary.Tokens);
        Assert.Equal("base.gguf", TinyLlamaGguf.ReadTrainingRecord(tuned.ModelPath)["init_model"]);
    }

    [Theory]
    [InlineData("lr")]
    [InlineData("steps")]
    [InlineData("minutes")]
    public async Task Out_of_bounds_knobs_are_refused_by_name_and_nothing_is_written(string knob)
    {
        var options = knob switch
        {
            "lr" => Smoke("x.gguf") with { LearningRate = 0.5f },
            "steps" => Smoke("x.gguf") with { Steps = 0 },
            _ => Smoke("x.gguf") with { Minutes = 120 },
        };
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ToolModelTraining.RunAsync(options, null, CancellationToken.None));
        Assert.Equal(knob, error.ParamName);
        Assert.False(File.Exists(options.OutputPath));
    }

    [Fact]
    public async Task A_cancelled_run_writes_no_model()
    {
        using var stop = new CancellationTokenSource();
        var options = Smoke("stopped.gguf") with { Steps = 100_000 };
        var events = new List<TrainingEvent>();
        var run = ToolModelTraining.RunAsync(options, new Collect(events, e => { if (e is TrainingStepEvent { Step: >= 2 }) stop.Cancel(); }), stop.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.False(File.Exists(options.OutputPath));
        Assert.False(File.Exists(options.OutputPath + ".partial"));
    }

    private sealed class Collect(List<TrainingEvent> events, Action<TrainingEvent>? also = null) : IProgress<TrainingEvent>
    {
        public void Report(TrainingEvent value)
        {
            lock (events) events.Add(value);
            also?.Invoke(value);
        }
    }
}

/// <summary>Packing chains requests that share a system message and a tool set, and never mixes sets.</summary>
public sealed class ConversationPackingTests
{
    [Fact]
    public void Packed_sessions_share_one_system_prompt_and_tool_set_and_keep_every_request_once()
    {
        var conversations = new ToolCorpusGenerator(5).Generate(400, CorpusSplit.Train);
        var packed = ConversationPacking.Pack(conversations, 4);
        Assert.True(packed.Count < conversations.Count * 3 / 4, $"{packed.Count} sessions from {conversations.Count}");
        int requests = 0;
        foreach (var session in packed)
        {
            Assert.True(session.Messages.Count(m => (string?)m["role"] == "system") <= 1);
            var offered = session.ToolNames.ToHashSet();
            foreach (var message in session.Messages)
                foreach (var call in message["tool_calls"]?.AsArray() ?? [])
                    Assert.Contains((string)call!["function"]!["name"]!, offered);
            requests += session.Messages.Count(m => (string?)m["role"] == "user" && !((string?)m["content"] ?? "").StartsWith("<tool_response>", StringComparison.Ordinal));
        }
        Assert.Equal(conversations.Sum(c => c.Messages.Count(m => (string?)m["role"] == "user")), requests);
        Assert.Same(conversations, ConversationPacking.Pack(conversations, 1));
        Assert.Equal(packed.Select(p => p.Messages.Count), ConversationPacking.Pack(conversations, 4).Select(p => p.Messages.Count));
    }
}
