using Workbench.Engine.Sampling;

namespace Workbench.Engine.Inference;

/// <summary>
/// One loaded GGUF model and the llama.cpp context that serves it: tokenizer, chat templates and streaming
/// generation. Implemented in-process by <c>LlamaEngine</c>, and over HTTP by <c>RemoteInferenceEngine</c>,
/// which is how the web app reaches the engine in its supervised worker process (crash isolation).
/// Calls are async so both implementations share one contract.
/// </summary>
/// <remarks>
/// All members are safe to call from several threads at once. Generation requests are scheduled as parallel
/// sequences of one llama.cpp context (continuous batching, as llama-server's slots), so a context is never
/// used by two callers at once.
/// </remarks>
public interface IInferenceEngine : IAsyncDisposable
{
    /// <summary>The loaded model, or <c>null</c> before the first successful <see cref="LoadModelAsync"/>.</summary>
    ModelInfo? Model { get; }

    /// <summary>What the engine is doing now (idle, loading, ready, failed).</summary>
    EngineStatus Status { get; }

    /// <summary>
    /// Loads a GGUF file, replacing the current model once the new one has loaded (in-flight generations on the
    /// old model finish with <see cref="FinishReason.Cancelled"/>).
    /// </summary>
    /// <param name="path">Path to a <c>.gguf</c> file.</param>
    /// <param name="progress">Receives load progress from 0.0 to 1.0 (llama.cpp's progress callback).</param>
    /// <param name="cancellationToken">Aborts the load (the progress callback returns false).</param>
    /// <exception cref="ModelLoadException">The file is missing, not a GGUF, corrupt, or llama.cpp refused it.</exception>
    Task<ModelInfo> LoadModelAsync(string path, IProgress<float>? progress, CancellationToken cancellationToken);

    /// <summary>Tokenizes <paramref name="text"/> with the model's own vocabulary (<c>llama_tokenize</c>).</summary>
    /// <param name="text">UTF-8 text.</param>
    /// <param name="addSpecial">Add BOS/EOS as the vocabulary's settings say.</param>
    /// <param name="parseSpecial">Recognise special-token text such as <c>&lt;|im_start|&gt;</c> as single tokens.</param>
    /// <exception cref="NoModelLoadedException">No model is loaded.</exception>
    /// <exception cref="TokenizationException">The vocabulary cannot encode the text.</exception>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyList<int>> TokenizeAsync(string text, bool addSpecial, bool parseSpecial, CancellationToken cancellationToken);

    /// <summary>Turns token ids back into text (<c>llama_detokenize</c>).</summary>
    /// <param name="tokens">Token ids in [0, n_vocab).</param>
    /// <param name="removeSpecial">Drop BOS/EOS if the vocabulary adds them.</param>
    /// <param name="unparseSpecial">Render special tokens as their text instead of omitting them.</param>
    /// <exception cref="TokenizationException">A token id is out of range.</exception>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<string> DetokenizeAsync(IReadOnlyList<int> tokens, bool removeSpecial, bool unparseSpecial, CancellationToken cancellationToken);

    /// <summary>
    /// Renders a conversation into the exact prompt text the model reads (<c>llama_chat_apply_template</c>).
    /// </summary>
    /// <param name="messages">The conversation, oldest first.</param>
    /// <param name="templateName">A llama.cpp built-in template name (for example <c>chatml</c>), or null to use
    /// the model's own template, falling back to <see cref="EngineOptions.ChatTemplate"/> when it has none.</param>
    /// <param name="addAssistantPrompt">End with the opening of an assistant turn.</param>
    /// <exception cref="ChatTemplateException">The template is unknown to llama.cpp's built-in matcher.</exception>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<RenderedPrompt> ApplyChatTemplateAsync(IReadOnlyList<PromptMessage> messages, string? templateName, bool addAssistantPrompt, CancellationToken cancellationToken);

    /// <summary>
    /// Renders a conversation with tools and template variables into the prompt text, through the model's own Jinja
    /// template (<c>tokenizer.chat_template</c>) as Hugging Face transformers renders it, a
    /// <see cref="ChatRenderRequest.TemplateSource"/> override, or a named llama.cpp built-in.
    /// The default implementation serves requests llama.cpp's matcher can render (no tools, no Jinja-only inputs)
    /// through <see cref="ApplyChatTemplateAsync"/>.
    /// </summary>
    /// <exception cref="ChatTemplateException">The template does not parse or raised an error (the message names
    /// the template line and column), or the request needs Jinja and this engine cannot render it.</exception>
    /// <param name="request">The conversation, tools and variables.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    async ValueTask<RenderedPrompt> RenderChatAsync(ChatRenderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.NeedsJinja)
            throw new ChatTemplateException("This engine renders no tools or Jinja-only template inputs.");
        return await ApplyChatTemplateAsync(request.Messages, request.TemplateName, request.AddGenerationPrompt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams a completion of <see cref="GenerationRequest.Prompt"/>. Every update but the last carries one
    /// sampled token; the last carries <see cref="GenerationUpdate.FinishReason"/>, usage and timings.
    /// Cancelling <paramref name="cancellationToken"/> stops generation (a long prompt decode is interrupted
    /// through llama.cpp's abort callback) and ends the stream with <see cref="FinishReason.Cancelled"/>.
    /// </summary>
    /// <exception cref="NoModelLoadedException">No model is loaded.</exception>
    /// <exception cref="PromptTooLongException">The prompt does not fit the per-sequence context window.</exception>
    /// <exception cref="GrammarException">The GBNF grammar does not parse.</exception>
    /// <exception cref="ArgumentException">A sampling parameter is out of range (see <see cref="SamplingOptions"/>).</exception>
    IAsyncEnumerable<GenerationUpdate> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken);
}
