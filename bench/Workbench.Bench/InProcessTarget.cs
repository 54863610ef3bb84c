using System.Diagnostics;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Bench;

/// <summary>(a) The engine in-process: <see cref="IInferenceEngine.GenerateAsync"/> on the rendered prompt.</summary>
internal sealed class InProcessTarget(IInferenceEngine engine, string name = InProcessTarget.DefaultName) : IStreamTarget
{
    public const string DefaultName = "engine in-process (LlamaEngine)";

    /// <summary>Greedy decoding with every other sampler off, as the peer's <c>temperature: 0</c>.</summary>
    public static readonly SamplingOptions Greedy = new() { Temperature = 0, TopK = 0, TopP = 1, MinP = 0, RepeatPenalty = 1 };

    public string Name => name;

    public async Task<StreamMeasurement> RunAsync(BenchPrompt prompt, int maxTokens, CancellationToken cancellationToken)
    {
        var request = new GenerationRequest { Prompt = prompt.RenderedText, Sampling = Greedy, MaxTokens = maxTokens };
        var ids = new List<int>(maxTokens);
        var clock = Stopwatch.StartNew();
        double first = double.NaN, last = double.NaN;
        long firstAt = 0, lastAt = 0;
        GenerationUpdate? final = null;
        await foreach (var update in engine.GenerateAsync(request, cancellationToken))
        {
            if (update.Token is not null)
            {
                lastAt = Stopwatch.GetTimestamp();
                last = clock.Elapsed.TotalMilliseconds;
                if (ids.Count == 0) (first, firstAt) = (last, lastAt);
                ids.Add(update.Token.Id);
            }
            if (update.FinishReason is not null) final = update;
        }
        int promptTokens = final?.Usage?.PromptTokens ?? prompt.TokenIds.Count;
        return new StreamMeasurement(promptTokens, ids.Count, first, last - first,
            final?.Timings?.PromptTokensPerSecond, ids, firstAt, lastAt);
    }
}
