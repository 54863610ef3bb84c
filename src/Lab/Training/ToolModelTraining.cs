using System.Diagnostics;
using System.Text.Json.Nodes;
using Workbench.Engine;
using Workbench.Engine.Native;
using Workbench.Engine.Templates.Builtin;
using Workbench.Engine.Training;
using Workbench.Engine.Training.Tokenization;
using Workbench.Lab.Training.Corpus;

namespace Workbench.Lab.Training;

/// <summary>The sizes the lab trains: <see cref="Tiny"/> for lab 09's browser runs (a minute or two), <see cref="Small"/>
/// for a longer run, <see cref="Default"/> for the committed tool model.</summary>
public enum ToolModelPreset
{
    /// <summary>n_embd 64, 2 blocks, 2 heads, n_ff 192, a 1,024-token vocabulary.</summary>
    Tiny,
    /// <summary>n_embd 96, 3 blocks, 3 heads, n_ff 256, a 2,048-token vocabulary.</summary>
    Small,
    /// <summary>n_embd 128, 4 blocks, 4 heads, n_ff 352, a 3,072-token vocabulary.</summary>
    Default,
}

/// <summary>What one training run does. Null fields take the preset's value (<see cref="ToolModelTraining.Defaults"/>).</summary>
public sealed record ToolModelTrainingOptions
{
    /// <summary>Lowest and highest learning rate a run accepts.</summary>
    public const float MinLearningRate = 1e-5f, MaxLearningRate = 1e-2f;

    /// <summary>Most steps a run accepts.</summary>
    public const int MaxSteps = 100_000;

    /// <summary>Longest wall-clock budget a run accepts, in minutes.</summary>
    public const double MaxMinutes = 60;

    /// <summary>The model size.</summary>
    public ToolModelPreset Preset { get; init; } = ToolModelPreset.Default;
    /// <summary>Optimizer steps.</summary>
    public int? Steps { get; init; }
    /// <summary>Wall-clock budget: training stops after this many minutes even if steps remain (the model is still written).</summary>
    public double? Minutes { get; init; }
    /// <summary>Peak learning rate.</summary>
    public float? LearningRate { get; init; }
    /// <summary>Sequences per step.</summary>
    public int? BatchSize { get; init; }
    /// <summary>Seeds the corpus, the tokenizer's input, the weights and the example order.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>The .gguf to write (through <c>.partial</c>).</summary>
    public required string OutputPath { get; init; }
    /// <summary>Generated training conversations.</summary>
    public int? Conversations { get; init; }
    /// <summary>Extra conversations mixed into the training data (lab 09's corpus exercise).</summary>
    public IReadOnlyList<CorpusConversation> ExtraConversations { get; init; } = [];
    /// <summary>Start from this trained model (fine-tuning; its tokenizer and shape are kept), or null.</summary>
    public string? InitModelPath { get; init; }
    /// <summary>Generate the sample prompts every this many steps (and at step 0); 0 = never.</summary>
    public int? SampleEvery { get; init; }
    /// <summary>Worker threads; 0 = all cores.</summary>
    public int Threads { get; init; }
    /// <summary>Requests chained per training sequence (<see cref="ConversationPacking"/>); null = the preset's.</summary>
    public int? TurnsPerSequence { get; init; }
    /// <summary>The command line that started the run, recorded in the model file.</summary>
    public string? Command { get; init; }

    /// <summary>Checks the bounds; throws <see cref="ArgumentOutOfRangeException"/> naming the option.</summary>
    public void Validate()
    {
        if (LearningRate is { } lr && !(lr >= MinLearningRate && lr <= MaxLearningRate))
            throw new ArgumentOutOfRangeException("lr", lr, $"The learning rate must be between {MinLearningRate:G} and {MaxLearningRate:G}.");
        if (Steps is { } steps && (steps < 1 || steps > MaxSteps))
            throw new ArgumentOutOfRangeException("steps", steps, $"Steps must be between 1 and {MaxSteps:N0}.");
        if (Minutes is { } minutes && !(minutes > 0 && minutes <= MaxMinutes))
            throw new ArgumentOutOfRangeException("minutes", minutes, $"Minutes must be more than 0 and at most {MaxMinutes}.");
        if (BatchSize is { } batch && (batch < 1 || batch > 256))
            throw new ArgumentOutOfRangeException("batch", batch, "The batch size must be between 1 and 256.");
        if (Conversations is { } count && (count < 1 || count > 500_000))
            throw new ArgumentOutOfRangeException("conversations", count, "Conversations must be between 1 and 500,000.");
        if (SampleEvery is { } every && every < 0)
            throw new ArgumentOutOfRangeException("sample-every", every, "sample-every must not be negative.");
        if (!Enum.IsDefined(Preset)) throw new ArgumentOutOfRangeException("preset", Preset, "Unknown preset.");
        if (string.IsNullOrWhiteSpace(OutputPath)) throw new ArgumentException("An output path is needed.", "out");
    }
}

/// <summary>One event of a training run (the <c>Workbench.Train --json</c> lines are these, snake_case).</summary>
public abstract record TrainingEvent(string Type);

/// <summary>A phase began: <c>corpus</c>, <c>tokenizer</c>, <c>tokenize</c>, <c>train</c>, <c>export</c>, <c>eval</c>.</summary>
public sealed record TrainingPhaseEvent(string Phase, string Message) : TrainingEvent("phase");

/// <summary>Progress of the optimizer (about every 1 % of the steps and at least every second).</summary>
public sealed record TrainingStepEvent(int Step, int Steps, float Loss, float LearningRate, double TokensPerSecond, long ElapsedMs) : TrainingEvent("step");

/// <summary>The model's greedy reply to a fixed prompt at a checkpoint.</summary>
public sealed record TrainingSampleEvent(int Step, string Prompt, string Text) : TrainingEvent("sample");

/// <summary>The run finished and wrote its model.</summary>
public sealed record TrainingDoneEvent(string ModelPath, int Steps, float FinalLoss, long Parameters, long Bytes, long ElapsedMs) : TrainingEvent("done");

/// <summary>What a finished run produced.</summary>
/// <param name="ModelPath">The written .gguf.</param>
/// <param name="Shape">The model's shape.</param>
/// <param name="Steps">Steps trained.</param>
/// <param name="FinalLoss">The last step's loss.</param>
/// <param name="CorpusHash">SHA-256 of the training conversations (canonical JSONL).</param>
/// <param name="Conversations">Training conversations used.</param>
/// <param name="Model">The trained model, for greedy replies without llama.cpp (<see cref="TrainedToolModel"/>).</param>
public sealed record ToolModelTrainingResult(string ModelPath, TinyLlamaShape Shape, int Steps, float FinalLoss, string CorpusHash, int Conversations, TrainedToolModel Model);

/// <summary>
/// The whole recipe of the lab's tool model, in one place: generate the corpus (<see cref="ToolCorpusGenerator"/>),
/// render each conversation into prompt and assistant segments (<see cref="ConversationRenderer"/>), train a
/// byte-level BPE on it (<see cref="BpeTokenizerTrainer"/>), tokenize with llama.cpp itself
/// (<see cref="SegmentTokenizer"/>), train (<see cref="TinyLlamaTrainer"/>) and write the GGUF
/// (<see cref="TinyLlamaGguf"/>) with the seed, corpus hash and command inside.
/// </summary>
public static class ToolModelTraining
{
    /// <summary>The special tokens of the chat model, in vocabulary order after the 256 bytes.</summary>
    public static readonly IReadOnlyList<(string Text, GgufTokenType Type)> SpecialTokens =
    [
        ("<|endoftext|>", GgufTokenType.Control),
        ("<|im_start|>", GgufTokenType.Control),
        ("<|im_end|>", GgufTokenType.Control),
        ("<tool_call>", GgufTokenType.UserDefined),
        ("</tool_call>", GgufTokenType.UserDefined),
        ("<tool_response>", GgufTokenType.UserDefined),
        ("</tool_response>", GgufTokenType.UserDefined),
    ];

    /// <summary>A preset's shape (n_vocab is the tokenizer's target size), steps, learning rate, batch, corpus size
    /// and sample interval.</summary>
    public static (TinyLlamaShape Shape, int Steps, float LearningRate, int BatchSize, int Conversations, int SampleEvery, int Turns) Defaults(ToolModelPreset preset) => preset switch
    {
        ToolModelPreset.Tiny => (new TinyLlamaShape(1024, 768, 64, 2, 2, 192), 300, 3e-3f, 8, 1_500, 50, 1),
        ToolModelPreset.Small => (new TinyLlamaShape(2048, 1024, 96, 3, 3, 256), 1_000, 2e-3f, 12, 12_000, 100, 3),
        _ => (new TinyLlamaShape(3072, 1024, 128, 4, 4, 352), 1_200, 2.5e-3f, 8, 40_000, 200, 4),
    };

    /// <summary>The fixed prompts whose replies are shown at checkpoints (the same at every checkpoint, so a
    /// student sees one answer improve).</summary>
    public static IReadOnlyList<(string Label, IReadOnlyList<JsonObject> Tools, IReadOnlyList<JsonObject> Messages)> SamplePrompts()
    {
        var all = ToolCorpusGenerator.ToolDefinitions().ToDictionary(t => (string)t["function"]!["name"]!);
        JsonObject User(string text) => new() { ["role"] = "user", ["content"] = text };
        return
        [
            ("What's the weather like in Oslo?", [all["get_weather"], all["get_time"]], [User("What's the weather like in Oslo?")]),
            ("What is 17 times 23?", [all["calculate"], all["convert_units"]], [User("What is 17 times 23?")]),
            ("Tell me a joke about cats.", [all["get_weather"]], [User("Tell me a joke about cats.")]),
        ];
    }

    /// <summary>Runs the recipe.</summary>
    /// <param name="options">The run (validated).</param>
    /// <param name="progress">Receives the events (on the training thread), or null.</param>
    /// <param name="cancellationToken">Stops the run; nothing is written then.</param>
    /// <returns>The written model and what it was trained on.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of bounds (its name is the parameter).</exception>
    /// <exception cref="FormatException">The init model is not a model the trainer can continue.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static Task<ToolModelTrainingResult> RunAsync(ToolModelTrainingOptions options, IProgress<TrainingEvent>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Task.Factory.StartNew(() => Run(options, progress, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private static ToolModelTrainingResult Run(ToolModelTrainingOptions options, IProgress<TrainingEvent>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        LlamaBackend.Initialize(new EngineOptions { Threads = options.Threads }); // llama.cpp's tokenizer (vocab-only loads)
        var defaults = Defaults(options.Preset);
        int steps = options.Steps ?? defaults.Steps;
        int conversationCount = options.Conversations ?? defaults.Conversations;
        int sampleEvery = options.SampleEvery ?? defaults.SampleEvery;
        void Report(TrainingEvent e) => progress?.Report(e);

        Report(new TrainingPhaseEvent("corpus", $"Generating {conversationCount:N0} conversations (seed {options.Seed})."));
        var conversations = new List<CorpusConversation>(new ToolCorpusGenerator(options.Seed).Generate(conversationCount, CorpusSplit.Train));
        conversations.AddRange(options.ExtraConversations);
        string corpusHash = CorpusHash.Compute(conversations);
        int turns = options.TurnsPerSequence ?? defaults.Turns;
        var sessions = ConversationPacking.Pack(conversations, turns);
        if (turns > 1) Report(new TrainingPhaseEvent("corpus", $"Chained into {sessions.Count:N0} sessions of up to {turns} requests that share their system prompt and tools."));
        var renderer = new ConversationRenderer();
        var rendered = new IReadOnlyList<Engine.Training.ChatSegment>[sessions.Count];
        Parallel.For(0, sessions.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => rendered[i] = renderer.Render(sessions[i]));
        cancellationToken.ThrowIfCancellationRequested();

        string workFolder = Directory.CreateTempSubdirectory("wb-train-").FullName;
        try
        {
            BpeVocabulary vocabulary;
            TinyLlamaShape shape;
            float[]? initialWeights = null;
            string vocabularyPath;
            if (options.InitModelPath is { } init)
            {
                Report(new TrainingPhaseEvent("tokenizer", $"Keeping the tokenizer of {Path.GetFileName(init)}."));
                (shape, initialWeights) = TinyLlamaGguf.Read(init);
                vocabulary = GgufVocabularyReader.Read(init);
                vocabularyPath = init;
            }
            else
            {
                int sampleForTokenizer = Math.Min(rendered.Length, 8_000);
                Report(new TrainingPhaseEvent("tokenizer", $"Training a {defaults.Shape.VocabSize:N0}-token byte-level BPE on {sampleForTokenizer:N0} conversations."));
                var raw = BpeTokenizerTrainer.Train(rendered.Take(sampleForTokenizer).Select(s => string.Concat(s.Select(x => x.Text))),
                    new BpeTrainingOptions { VocabSize = defaults.Shape.VocabSize, SpecialTokens = SpecialTokens }, cancellationToken);
                raw.Bos = raw.SpecialId("<|endoftext|>");
                raw.Eos = raw.SpecialId("<|im_end|>");
                raw.Pad = raw.SpecialId("<|endoftext|>");
                vocabulary = VocabularyPadding.PadToMultiple(raw);
                shape = defaults.Shape with { VocabSize = vocabulary.Count };
                vocabularyPath = Path.Combine(workFolder, "vocab.gguf");
                vocabulary.SaveVocabOnly(vocabularyPath, shape, HermesChatMlTemplate.Source);
            }

            Report(new TrainingPhaseEvent("tokenize", $"Tokenizing {rendered.Length:N0} conversations with llama.cpp."));
            var sequences = new List<TrainingSequence>(rendered.Length);
            int dropped = 0;
            using (var tokenizer = SegmentTokenizer.Open(vocabularyPath))
            {
                var cache = new Dictionary<string, int[]>(StringComparer.Ordinal);
                foreach (var segments in rendered)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var tokens = new List<int>();
                    var targets = new List<bool>();
                    foreach (var segment in segments)
                    {
                        if (!cache.TryGetValue(segment.Text, out var ids))
                        {
                            ids = tokenizer.Encode(segment.Text);
                            if (!segment.Train && cache.Count < 200_000) cache[segment.Text] = ids;
                        }
                        tokens.AddRange(ids);
                        for (int j = 0; j < ids.Length; j++) targets.Add(segment.Train);
                    }
                    if (tokens.Count > shape.ContextLength) { dropped++; continue; }
                    sequences.Add(new TrainingSequence([.. tokens], [.. targets]));
                }
                long totalTokens = sequences.Sum(s => (long)s.Tokens.Length);
                long targetTokens = sequences.Sum(s => (long)s.Targets.Count(t => t));
                Report(new TrainingPhaseEvent("tokenize",
                    $"{sequences.Count:N0} sequences, {totalTokens:N0} tokens ({(double)totalTokens / Math.Max(1, sequences.Count):F0} per conversation), {targetTokens:N0} of them assistant targets" +
                    (dropped > 0 ? $"; {dropped} longer than n_ctx {shape.ContextLength} left out." : ".")));
                if (sequences.Count == 0) throw new InvalidOperationException("No conversation fits the context window.");

                int batchSize = options.BatchSize ?? defaults.BatchSize;
                var trainerOptions = new TrainerOptions(
                    Seed: options.Seed,
                    LearningRate: options.LearningRate ?? defaults.LearningRate,
                    BatchSize: batchSize,
                    Steps: steps,
                    WarmupSteps: Math.Min(100, Math.Max(1, steps / 20)),
                    Threads: options.Threads);
                var trainer = new TinyLlamaTrainer(shape, trainerOptions, initialWeights);
                var samplePrompts = SamplePrompts().Select(p => (p.Label, Tokens: tokenizer.Encode(renderer.RenderPrompt(p.Tools, p.Messages)))).ToList();
                void Samples(int step)
                {
                    foreach (var (label, prompt) in samplePrompts)
                    {
                        var reply = TinyLlamaTrainer.Greedy(trainer.Network, prompt, maxTokens: 48, stopToken: vocabulary.Eos!.Value);
                        Report(new TrainingSampleEvent(step, label, tokenizer.Decode(reply)));
                    }
                }
                Report(new TrainingPhaseEvent("train", $"Training {shape.ParameterCount:N0} parameters for {steps:N0} steps of {batchSize} sequences (learning rate {trainerOptions.LearningRate:G3})."));
                if (sampleEvery > 0) Samples(0);
                long lastReportTicks = 0;
                int reportEvery = Math.Max(1, steps / 100);
                TimeSpan? budget = options.Minutes is { } m ? TimeSpan.FromMinutes(m) : null;
                var last = trainer.Train(sequences, step =>
                {
                    if (!float.IsFinite(step.Loss))
                        throw new TrainingDivergedException(step.Step, trainerOptions.LearningRate);
                    long now = clock.ElapsedTicks;
                    if (step.Step % reportEvery == 0 || step.Step == step.Steps || now - lastReportTicks > Stopwatch.Frequency)
                    {
                        lastReportTicks = now;
                        Report(new TrainingStepEvent(step.Step, step.Steps, step.Loss, step.LearningRate, step.TokensPerSecond, (long)clock.Elapsed.TotalMilliseconds));
                    }
                    if (sampleEvery > 0 && step.Step % sampleEvery == 0 && step.Step < step.Steps) Samples(step.Step);
                }, budget, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                if (sampleEvery > 0) Samples(trainer.StepsDone);

                Report(new TrainingPhaseEvent("export", $"Writing {Path.GetFileName(options.OutputPath)}."));
                string output = Path.GetFullPath(options.OutputPath);
                if (Path.GetDirectoryName(output) is { } folder) Directory.CreateDirectory(folder);
                var record = new Dictionary<string, string>
                {
                    ["seed"] = options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["steps"] = trainer.StepsDone.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["preset"] = options.Preset.ToString().ToLowerInvariant(),
                    ["learning_rate"] = trainerOptions.LearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                    ["batch_size"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["conversations"] = conversations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["turns_per_sequence"] = turns.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["corpus_sha256"] = corpusHash,
                    ["final_loss"] = (last?.Loss ?? float.NaN).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                };
                if (options.InitModelPath is { } from) record["init_model"] = Path.GetFileName(from);
                if (options.Command is { } command) record["command"] = command;
                TinyLlamaGguf.Write(output, shape, trainer.Network.Weights, vocabulary, HermesChatMlTemplate.Source, "Workbench tool model", record);
                var bytes = new FileInfo(output).Length;
                Report(new TrainingDoneEvent(output, trainer.StepsDone, last?.Loss ?? float.NaN, shape.ParameterCount, bytes, (long)clock.Elapsed.TotalMilliseconds));
                return new ToolModelTrainingResult(output, shape, trainer.StepsDone, last?.Loss ?? float.NaN, corpusHash, conversations.Count,
                    new TrainedToolModel(shape, vocabulary, trainer.Network.Weights));
            }
        }
        finally
        {
            try { Directory.Delete(workFolder, recursive: true); } catch (IOException) { }
        }
    }
}

/// <summary>The loss stopped being a number (the updates grew without bound): the learning rate is too high for
/// this model. Nothing is written.</summary>
public sealed class TrainingDivergedException(int step, float learningRate)
    : InvalidOperationException($"Training diverged at step {step}: the loss is no longer a number. The learning rate {learningRate:G3} is too high for this model; try a lower one.")
{
    /// <summary>The step whose loss was not finite.</summary>
    public int Step { get; } = step;
}
