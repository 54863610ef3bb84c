using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine;
using Workbench.Engine.Native;
using Workbench.Engine.Training.Tokenization;
using Workbench.Lab.Training;
using Workbench.Lab.Training.Corpus;
using Workbench.Train;

// Workbench.Train: see TrainArguments.Usage. stdout carries the JSON lines (--json) or the progress bar; everything
// llama.cpp logs goes to stderr.
var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
TrainArguments arguments;
try
{
    arguments = TrainArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(TrainArguments.Usage);
    return 2;
}
if (arguments.Mode == "help")
{
    Console.WriteLine(TrainArguments.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var output = new EventWriter(arguments.Json, json);
try
{
    return arguments.Mode switch
    {
        "generate" => Generate(arguments, output),
        "evaluate" => await EvaluateAsync(arguments, arguments.Model!, output, stop.Token),
        _ => await TrainAsync(arguments, output, stop.Token),
    };
}
catch (ArgumentOutOfRangeException e)
{
    output.Error(e.Message.Split(" (Parameter")[0]);
    return 2;
}
catch (OperationCanceledException)
{
    output.Error("Stopped; no model was written.");
    return 1;
}
catch (Exception e) when (e is IOException or FormatException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException or ArgumentException or NativeLibraryException)
{
    output.Error(e.Message);
    return 1;
}

static async Task<int> TrainAsync(TrainArguments arguments, EventWriter output, CancellationToken cancellationToken)
{
    IReadOnlyList<CorpusConversation> extra = arguments.ExtraCorpus is { } file ? CorpusJsonl.ReadFile(file) : [];
    var options = new ToolModelTrainingOptions
    {
        Preset = arguments.Preset,
        Steps = arguments.Steps,
        Minutes = arguments.Minutes,
        LearningRate = arguments.LearningRate,
        BatchSize = arguments.BatchSize,
        Seed = arguments.Seed,
        OutputPath = arguments.Output,
        Conversations = arguments.Conversations,
        ExtraConversations = extra,
        InitModelPath = arguments.InitModel,
        SampleEvery = arguments.SampleEvery,
        Threads = arguments.Threads,
        TurnsPerSequence = arguments.Turns,
        Command = "Workbench.Train " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
    };
    var result = await ToolModelTraining.RunAsync(options, new SynchronousProgress(output.Write), cancellationToken);
    output.Finish();
    if (arguments.Eval > 0) return await EvaluateAsync(arguments, result.ModelPath, output, cancellationToken);
    return 0;
}

static async Task<int> EvaluateAsync(TrainArguments arguments, string modelPath, EventWriter output, CancellationToken cancellationToken)
{
    int count = arguments.Eval > 0 ? arguments.Eval : 200;
    output.Write(new TrainingPhaseEvent("eval", $"Evaluating {Path.GetFileName(modelPath)} on {count} held-out conversations through /v1/chat/completions."));
    var cases = new ToolCorpusGenerator(arguments.Seed).Generate(count, CorpusSplit.HeldOut);
    var report = await EvaluationServer.EvaluateAsync(modelPath, cases, arguments.Threads, cancellationToken);
    output.WriteEval(report);
    if (arguments.Report is { } path) File.WriteAllText(path, report.ToMarkdownTable() + "\n" + report.ToMarkdownCaseTable() + "\n");
    return 0;
}

static int Generate(TrainArguments arguments, EventWriter output)
{
    LlamaBackend.Initialize(new EngineOptions());
    var model = TrainedToolModel.Open(arguments.Model!);
    var all = ToolCorpusGenerator.ToolDefinitions().ToDictionary(t => (string)t["function"]!["name"]!);
    var tools = new List<JsonObject>();
    foreach (string name in arguments.Tools)
        tools.Add(all.TryGetValue(name, out var tool) ? tool : throw new ArgumentException($"Unknown tool '{name}'; the built-in tools are {string.Join(", ", all.Keys)}."));
    var messages = new List<JsonObject> { new() { ["role"] = "user", ["content"] = arguments.Prompt } };
    string prompt = new ConversationRenderer().RenderPrompt(tools, messages);
    using var tokenizer = SegmentTokenizer.Open(arguments.Model!);
    int[] tokens = tokenizer.Encode(prompt);
    if (tokens.Length + arguments.MaxTokens > model.Shape.ContextLength)
        throw new ArgumentException($"The prompt is {tokens.Length} tokens; with --max-tokens {arguments.MaxTokens} it exceeds the model's n_ctx_train {model.Shape.ContextLength}.");
    string text = tokenizer.Decode(model.Reply(tokens, arguments.MaxTokens, Math.Max(1, arguments.Threads)));
    output.WriteGeneration(text);
    return 0;
}

/// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
internal sealed class SynchronousProgress(Action<TrainingEvent> report) : IProgress<TrainingEvent>
{
    public void Report(TrainingEvent value) => report(value);
}
