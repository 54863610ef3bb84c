using System.Runtime.CompilerServices;
using Workbench.Engine.Inference;

namespace Workbench.Web.Tests.Components;

/// <summary>
/// The real engine, with a pause before each streamed token: TinyStories writes thousands of tokens a second,
/// too fast to press Stop in the middle of a reply. Everything else (tokens, cancellation) is the real engine's.
/// </summary>
public sealed class SlowEngine(IInferenceEngine inner, TimeSpan perToken) : IInferenceEngine
{
    /// <inheritdoc />
    public ModelInfo? Model => inner.Model;
    /// <inheritdoc />
    public EngineStatus Status => inner.Status;
    /// <inheritdoc />
    public Task<ModelInfo> LoadModelAsync(string path, IProgress<float>? progress, CancellationToken cancellationToken) =>
        inner.LoadModelAsync(path, progress, cancellationToken);
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<int>> TokenizeAsync(string text, bool addSpecial, bool parseSpecial, CancellationToken cancellationToken) =>
        inner.TokenizeAsync(text, addSpecial, parseSpecial, cancellationToken);
    /// <inheritdoc />
    public ValueTask<string> DetokenizeAsync(IReadOnlyList<int> tokens, bool removeSpecial, bool unparseSpecial, CancellationToken cancellationToken) =>
        inner.DetokenizeAsync(tokens, removeSpecial, unparseSpecial, cancellationToken);
    /// <inheritdoc />
    public ValueTask<RenderedPrompt> ApplyChatTemplateAsync(IReadOnlyList<PromptMessage> messages, string? templateName, bool addAssistantPrompt, CancellationToken cancellationToken) =>
        inner.ApplyChatTemplateAsync(messages, templateName, addAssistantPrompt, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<GenerationUpdate> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in inner.GenerateAsync(request, cancellationToken))
        {
            if (update.Token is not null)
            {
                try { await Task.Delay(perToken, cancellationToken); }
                catch (OperationCanceledException) { /* the inner stream ends with Cancelled */ }
            }
            yield return update;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the fixture owns the inner engine
}
