using System.Runtime.CompilerServices;
using Workbench.Engine.Inference;

namespace Workbench.Web.Hosting;

/// <summary>The tool model's <see cref="IInferenceEngine"/>: the remote engine in the tool worker, each call
/// preceded by <see cref="ToolModelWorker.EnsureReadyAsync"/> (the first call starts the worker). The model is the
/// one the worker was started with; it cannot be changed here (<see cref="LoadModelAsync"/> refuses).</summary>
/// <param name="inner">The <c>RemoteInferenceEngine</c> over the tool worker's HTTP API.</param>
/// <param name="worker">The tool worker.</param>
internal sealed class ToolModelInferenceEngine(IInferenceEngine inner, ToolModelWorker worker) : DelegatingInferenceEngine(inner)
{
    /// <summary>The tool worker's model as its supervisor last read it; null before the worker first started.</summary>
    public override ModelInfo? Model => worker.Supervisor?.Model;

    /// <summary><see cref="EngineStatus.Ready"/> while the worker serves its model, else <see cref="EngineStatus.Empty"/>.</summary>
    public override EngineStatus Status => worker.Supervisor is { Address: not null, Model: not null } ? EngineStatus.Ready : EngineStatus.Empty;

    /// <inheritdoc />
    /// <exception cref="ModelLoadException">Always: the tool worker serves <c>Engine:ToolModel</c> only.</exception>
    public override Task<ModelInfo> LoadModelAsync(string path, IProgress<float>? progress, CancellationToken cancellationToken) =>
        throw new ModelLoadException($"The tool model worker serves {ToolModelWorker.SettingKey} ({worker.ModelFileName}) only; load other models into the main engine.");

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyList<int>> TokenizeAsync(string text, bool addSpecial, bool parseSpecial, CancellationToken cancellationToken)
    {
        await worker.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.TokenizeAsync(text, addSpecial, parseSpecial, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask<string> DetokenizeAsync(IReadOnlyList<int> tokens, bool removeSpecial, bool unparseSpecial, CancellationToken cancellationToken)
    {
        await worker.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.DetokenizeAsync(tokens, removeSpecial, unparseSpecial, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask<RenderedPrompt> ApplyChatTemplateAsync(IReadOnlyList<PromptMessage> messages, string? templateName, bool addAssistantPrompt, CancellationToken cancellationToken)
    {
        await worker.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.ApplyChatTemplateAsync(messages, templateName, addAssistantPrompt, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask<RenderedPrompt> RenderChatAsync(ChatRenderRequest request, CancellationToken cancellationToken)
    {
        await worker.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await Inner.RenderChatAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<GenerationUpdate> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await worker.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var update in Inner.GenerateAsync(request, cancellationToken).ConfigureAwait(false)) yield return update;
    }
}
