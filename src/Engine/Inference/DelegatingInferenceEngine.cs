namespace Workbench.Engine.Inference;

/// <summary>
/// An <see cref="IInferenceEngine"/> that passes every call to an inner engine: the base of decorators that
/// change one or two members (as <c>DelegatingChatClient</c> is for <c>IChatClient</c>). Override what you change.
/// </summary>
/// <param name="inner">The engine that does the work.</param>
/// <param name="ownsInner">Whether <see cref="DisposeAsync"/> disposes <paramref name="inner"/>.</param>
public abstract class DelegatingInferenceEngine(IInferenceEngine inner, bool ownsInner = true) : IInferenceEngine
{
    /// <summary>The engine that does the work.</summary>
    protected IInferenceEngine Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public virtual ModelInfo? Model => Inner.Model;

    /// <inheritdoc />
    public virtual EngineStatus Status => Inner.Status;

    /// <inheritdoc />
    public virtual Task<ModelInfo> LoadModelAsync(string path, IProgress<float>? progress, CancellationToken cancellationToken) =>
        Inner.LoadModelAsync(path, progress, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyList<int>> TokenizeAsync(string text, bool addSpecial, bool parseSpecial, CancellationToken cancellationToken) =>
        Inner.TokenizeAsync(text, addSpecial, parseSpecial, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<string> DetokenizeAsync(IReadOnlyList<int> tokens, bool removeSpecial, bool unparseSpecial, CancellationToken cancellationToken) =>
        Inner.DetokenizeAsync(tokens, removeSpecial, unparseSpecial, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<RenderedPrompt> ApplyChatTemplateAsync(IReadOnlyList<PromptMessage> messages, string? templateName, bool addAssistantPrompt, CancellationToken cancellationToken) =>
        Inner.ApplyChatTemplateAsync(messages, templateName, addAssistantPrompt, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Forwards to the inner engine (a decorator that did not would get the interface's default, which
    /// refuses tools).</remarks>
    public virtual ValueTask<RenderedPrompt> RenderChatAsync(ChatRenderRequest request, CancellationToken cancellationToken) =>
        Inner.RenderChatAsync(request, cancellationToken);

    /// <inheritdoc />
    public virtual IAsyncEnumerable<GenerationUpdate> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken) =>
        Inner.GenerateAsync(request, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ownsInner ? Inner.DisposeAsync() : ValueTask.CompletedTask;
    }
}
