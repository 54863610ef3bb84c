using Workbench.Engine.Inference;

namespace Workbench.Engine.Tests.Generation;

/// <summary>Everything one generation streamed: the token updates and the final update.</summary>
public sealed record GenerationRun(IReadOnlyList<GenerationUpdate> Updates, GenerationUpdate Final)
{
    /// <summary>The sampled tokens.</summary>
    public IReadOnlyList<SampledToken> Tokens => Updates.Where(u => u.Token is not null).Select(u => u.Token!).ToList();

    /// <summary>Token ids in order.</summary>
    public IReadOnlyList<int> Ids => Tokens.Select(t => t.Id).ToList();

    /// <summary>The whole reply (every update's text).</summary>
    public string Text => string.Concat(Updates.Select(u => u.Text)) + Final.Text;

    /// <summary>Runs <paramref name="request"/> to the end and collects what it streamed.</summary>
    public static async Task<GenerationRun> CollectAsync(IInferenceEngine engine, GenerationRequest request, CancellationToken cancellationToken = default)
    {
        var updates = new List<GenerationUpdate>();
        GenerationUpdate? final = null;
        await foreach (var update in engine.GenerateAsync(request, cancellationToken))
        {
            Assert.Null(final); // nothing after the final update
            if (update.FinishReason is null) updates.Add(update);
            else final = update;
        }
        Assert.NotNull(final);
        return new GenerationRun(updates, final!);
    }
}
