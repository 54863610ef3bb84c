using Workbench.Engine.Inference;

namespace Workbench.Web.Hosting;

/// <summary>The app's <see cref="IInferenceEngine"/>: the remote engine in the worker, telling the supervisor
/// after each successful model load so that a restarted worker loads that model.</summary>
/// <param name="inner">The <c>RemoteInferenceEngine</c> over the worker's HTTP API.</param>
/// <param name="supervisor">The app's supervisor.</param>
internal sealed class SupervisedInferenceEngine(IInferenceEngine inner, WorkerSupervisor supervisor) : IInferenceEngine
{
    public ModelInfo? Model => inner.Model;

    public EngineStatus Status => inner.Status;

    public async Task<ModelInfo> LoadModelAsync(string path, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        var model = await inner.LoadModelAsync(path, progress, cancellationToken).ConfigureAwait(false);
        await supervisor.RefreshModelAsync(CancellationToken.None).ConfigureAwait(false);
        return model;
    }

    public ValueTask<IReadOnlyList<int>> TokenizeAsync(string text, bool addSpecial, bool parseSpecial, CancellationToken cancellationToken) =>
        inner.TokenizeAsync(text, addSpecial, parseSpecial, cancellationToken);

    public ValueTask<string> DetokenizeAsync(IReadOnlyList<int> tokens, bool removeSpecial, bool unparseSpecial, CancellationToken cancellationToken) =>
        inner.DetokenizeAsync(tokens, removeSpecial, unparseSpecial, cancellationToken);

    public ValueTask<RenderedPrompt> ApplyChatTemplateAsync(IReadOnlyList<PromptMessage> messages, string? templateName, bool addAssistantPrompt, CancellationToken cancellationToken) =>
        inner.ApplyChatTemplateAsync(messages, templateName, addAssistantPrompt, cancellationToken);

    public IAsyncEnumerable<GenerationUpdate> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken) =>
        inner.GenerateAsync(request, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
