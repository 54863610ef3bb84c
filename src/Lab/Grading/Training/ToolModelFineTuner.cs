using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workbench.Engine.Training.Tokenization;
using Workbench.Lab.Training;
using Workbench.Lab.Training.Corpus;
using Workbench.Lab.Training.Evaluation;

namespace Workbench.Lab.Grading.Training;

/// <summary>
/// The <see cref="ICorpusFineTuner"/> on the lab's own trainer: <see cref="ToolModelTraining.RunAsync"/> from
/// <see cref="BaseModelPath"/> (<c>InitModelPath</c>: its tokenizer and shape are kept) on the student's
/// conversations plus <see cref="Content.TrainingSpec.Replay"/> conversations of the base corpus
/// (<see cref="ToolCorpusGenerator"/>, the spec's seed), for the spec's steps; then each hidden case is rendered with
/// the generation prompt (<see cref="ConversationRenderer.RenderPrompt"/>), tokenized by llama.cpp (a vocab-only
/// load of the written model) and answered greedily by the trained weights in memory
/// (<see cref="TrainedToolModel.Reply"/>, at most <see cref="MaxReplyTokens"/> tokens). A reply's first
/// <c>&lt;tool_call&gt;{"name", "arguments"}&lt;/tool_call&gt;</c> is its call (Hermes format); arguments compare
/// with <see cref="ToolCallArgumentComparer"/>. The written model is deleted afterwards. One fine-tune runs at a
/// time per process (the others wait): each uses every core it is given.
/// </summary>
/// <param name="baseModelPath">The committed tool model (<c>models/workbench-tools.gguf</c>).</param>
/// <param name="threads">Training threads; 0 = all cores.</param>
/// <param name="maxSteps">A cap on the spec's steps (<see cref="LabOptions.FineTuneMaxSteps"/>); 0 = none.</param>
public sealed partial class ToolModelFineTuner(string baseModelPath, int threads = 0, int maxSteps = 0) : ICorpusFineTuner
{
    /// <summary>The committed tool model's file name.</summary>
    public const string BaseModelFileName = "workbench-tools.gguf";

    /// <summary>The fine-tuner on the first <see cref="BaseModelFileName"/> found in <paramref name="modelDirectories"/>
    /// (the engine's model directories, resolved; relative ones against the working directory), else on the first
    /// directory's, or <c>models/</c>'s (then
    /// <see cref="Unavailable"/> says it is missing).</summary>
    public static ToolModelFineTuner InModelDirectories(IEnumerable<string>? modelDirectories, int maxSteps = 0)
    {
        var candidates = (modelDirectories ?? ["models"]).Select(d => Path.GetFullPath(Path.Combine(d, BaseModelFileName))).ToList();
        return new ToolModelFineTuner(candidates.FirstOrDefault(File.Exists) ?? candidates.FirstOrDefault() ?? Path.GetFullPath(Path.Combine("models", BaseModelFileName)),
            maxSteps: maxSteps);
    }

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Most tokens of one hidden case's reply.</summary>
    public const int MaxReplyTokens = 64;

    /// <summary>The model fine-tuning starts from.</summary>
    public string BaseModelPath { get; } = baseModelPath;

    /// <inheritdoc/>
    public string? Unavailable => File.Exists(BaseModelPath) ? null : $"the base model {Path.GetFileName(BaseModelPath)} is not on this server";

    /// <inheritdoc/>
    public async Task<FineTuneEvaluation> FineTuneAndEvaluateAsync(FineTuneRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await OneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await RunAsync(request, cancellationToken);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private async Task<FineTuneEvaluation> RunAsync(FineTuneRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var extra = CorpusJsonl.Read(new StringReader(string.Join('\n', request.Conversations.Select(c => c.ToJsonString()))));
        var folder = Directory.CreateTempSubdirectory("wb-finetune-").FullName;
        try
        {
            var result = await ToolModelTraining.RunAsync(new ToolModelTrainingOptions
            {
                OutputPath = Path.Combine(folder, "fine-tuned.gguf"),
                InitModelPath = BaseModelPath,
                Steps = maxSteps > 0 ? Math.Min(request.Spec.Steps, maxSteps) : request.Spec.Steps,
                Seed = request.Spec.Seed,
                Conversations = request.Spec.Replay,
                ExtraConversations = extra,
                SampleEvery = 0,
                Threads = threads,
            }, progress: null, cancellationToken);
            var renderer = new ConversationRenderer();
            var outcomes = new List<HiddenCaseOutcome>();
            using (var tokenizer = SegmentTokenizer.Open(result.ModelPath))
            {
                foreach (var hidden in request.Cases)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var prompt = tokenizer.Encode(renderer.RenderPrompt(hidden.Tools, hidden.Messages));
                    var reply = tokenizer.Decode(result.Model.Reply(prompt, MaxReplyTokens, Math.Max(1, threads)));
                    outcomes.Add(Judge(hidden, reply));
                }
            }
            return new FineTuneEvaluation(outcomes, result.Steps, result.FinalLoss, clock.Elapsed);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Compares one reply (the model's text) with its case.</summary>
    public static HiddenCaseOutcome Judge(HiddenCase hidden, string reply)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(reply);
        if (!reply.Contains("<tool_call>", StringComparison.Ordinal))
            return new(hidden.ToolName is null ? HiddenCaseVerdict.Right : HiddenCaseVerdict.NoCall, null);
        if (ToolCall().Match(reply) is not { Success: true } match || Parse(match.Groups["json"].Value) is not { } call
            || call["name"] is not JsonValue n || n.GetValueKind() != JsonValueKind.String || call["arguments"] is not JsonObject arguments)
            return new(HiddenCaseVerdict.Invalid, null);
        var name = (string)n!;
        if (hidden.ToolName is null) return new(HiddenCaseVerdict.UnexpectedCall, name);
        if (name != hidden.ToolName) return new(HiddenCaseVerdict.WrongTool, name);
        return new(ToolCallArgumentComparer.AreEqual(name, hidden.Arguments!, arguments) ? HiddenCaseVerdict.Right : HiddenCaseVerdict.WrongArguments, name);
    }

    private static JsonObject? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"<tool_call>\s*(?<json>\{.*?\})\s*</tool_call>", RegexOptions.Singleline)]
    private static partial Regex ToolCall();
}
