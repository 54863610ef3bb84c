using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Engine.Inference.Scheduling;
using Workbench.Engine.Memory;
using Workbench.Engine.Native;

namespace Workbench.Engine.Inference;

/// <summary>
/// The in-process engine: one GGUF model loaded with llama.cpp and one context whose KV cache is split into
/// <see cref="EngineOptions.ParallelSequences"/> sequences, served by a continuous-batching scheduler thread
/// (llama-server's slots; see <c>Scheduling/BatchScheduler.cs</c>).
/// </summary>
/// <remarks>
/// Thread-safe. The context is only ever touched by the scheduler thread; tokenizing and chat templates run on
/// the caller's thread against the model's vocabulary. Loading a new model swaps it in atomically once it has
/// loaded; generations still running on the old one end with <see cref="FinishReason.Cancelled"/>.
/// </remarks>
public sealed partial class LlamaEngine : IInferenceEngine
{
    private readonly EngineOptions options;
    private readonly ILogger<LlamaEngine> logger;
    private readonly SemaphoreSlim loadGate = new(1, 1);
    private volatile ModelSession? session;
    private volatile EngineStatus status = EngineStatus.Empty;
    private volatile bool disposed;

    /// <summary>Creates an engine with no model; call <see cref="LoadModelAsync"/>.</summary>
    /// <param name="options">Engine options (validated here).</param>
    /// <param name="logger">Logger; null = none.</param>
    /// <exception cref="ArgumentException">An option is out of range (see <see cref="EngineOptions.Validate"/>).</exception>
    public LlamaEngine(EngineOptions options, ILogger<LlamaEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.logger = logger ?? NullLogger<LlamaEngine>.Instance;
    }

    /// <inheritdoc/>
    public ModelInfo? Model => session?.Info;

    /// <inheritdoc/>
    public EngineStatus Status => status;

    /// <summary>Test hook: the current scheduler (null without a model).</summary>
    internal BatchScheduler? Scheduler => session?.Scheduler;

    /// <inheritdoc/>
    /// <remarks>Runs on a dedicated thread: <c>llama_model_load_from_file</c>, then the scheduler creates the
    /// context (n_ctx = per-sequence window × <see cref="EngineOptions.ParallelSequences"/>). The per-sequence
    /// window is <see cref="EngineOptions.ContextSize"/>, or the model's n_ctx_train when that is 0.</remarks>
    public async Task<ModelInfo> LoadModelAsync(string path, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ObjectDisposedException.ThrowIf(disposed, this);
        await loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var previousStatus = status;
        try
        {
            status = EngineStatus.Loading;
            var loaded = await Task.Factory.StartNew(
                () => LoadSession(path, progress, cancellationToken),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            if (disposed)
            {
                loaded.Retire();
                throw new ObjectDisposedException(nameof(LlamaEngine));
            }
            var old = Interlocked.Exchange(ref session, loaded);
            status = EngineStatus.Ready;
            old?.Retire();
            logger.LogInformation("Loaded {Model} ({Window} tokens × {Sequences} sequences).", loaded.Info.Id, loaded.Info.ContextSize, options.ParallelSequences);
            return loaded.Info;
        }
        catch (OperationCanceledException)
        {
            status = previousStatus == EngineStatus.Loading ? EngineStatus.Empty : previousStatus;
            throw;
        }
        catch (Exception error)
        {
            status = EngineStatus.Failed;
            logger.LogWarning(error, "Loading {Path} failed.", path);
            if (error is EngineException or ObjectDisposedException) throw;
            throw new ModelLoadException($"The model '{Path.GetFileName(path)}' could not be loaded: {error.Message}", error);
        }
        finally
        {
            loadGate.Release();
        }
    }

    private ModelSession LoadSession(string path, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        LlamaBackend.Initialize(options);
        if (options.Backend == "cuda" && !LlamaBackend.SupportsGpuOffload)
            logger.LogWarning("Engine:Backend is 'cuda' but llama.cpp registered no GPU device (are the NVIDIA driver and libcudart.so.13 / libcublas.so.13 installed?); running on the CPU.");
        using var memoryLog = LlamaMemoryReportCapture.Start();
        var model = LlamaModel.Load(path, options.GpuLayers, vocabOnly: false, progress, cancellationToken);
        try
        {
            var window = options.ContextSize > 0 ? options.ContextSize : model.ContextLengthTrain;
            var scheduler = new BatchScheduler(model, window, options, logger);
            scheduler.Started.GetAwaiter().GetResult();
            var memory = memoryLog.Report([Environment.CurrentManagedThreadId, scheduler.ThreadId]);
            var info = model.Describe(window) with
            {
                ToolCallFormat = model.DefaultToolCallFormat(options.ToolCallFormatOverride),
                MemoryReport = memory,
                ParallelSequences = options.ParallelSequences,
                KvCacheType = KvCacheTypes.Name(options.KvCache),
            };
            return new ModelSession(model, scheduler, info);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<int>> TokenizeAsync(string text, bool addSpecial, bool parseSpecial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(WithModel<IReadOnlyList<int>>(m => m.Tokenize(text, addSpecial, parseSpecial)));
    }

    /// <inheritdoc/>
    public ValueTask<string> DetokenizeAsync(IReadOnlyList<int> tokens, bool removeSpecial, bool unparseSpecial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(WithModel(m => m.Detokenize(tokens, removeSpecial, unparseSpecial)));
    }

    /// <inheritdoc/>
    /// <remarks>The model's own template is rendered with Jinja as Hugging Face renders it (see
    /// <see cref="RenderChatAsync"/>); llama.cpp's matcher renders it only when it does not parse as Jinja. Only
    /// roles and contents are rendered (tool calls, ids and names left out, as before): use
    /// <see cref="RenderChatAsync"/> for tools.</remarks>
    public ValueTask<RenderedPrompt> ApplyChatTemplateAsync(IReadOnlyList<PromptMessage> messages, string? templateName, bool addAssistantPrompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Render(LlamaModel.WithoutTools(messages, templateName, addAssistantPrompt)));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <para>Template resolution: <see cref="ChatRenderRequest.TemplateSource"/> (Jinja) → <see cref="ChatRenderRequest.TemplateName"/>
    /// (a llama.cpp built-in, which renders no tools; or <c>chatml-hermes</c>, ours) → the GGUF's
    /// <c>tokenizer.chat_template</c> rendered with <c>HfChatTemplate</c> → for a model without one,
    /// <see cref="EngineOptions.ChatTemplate"/>, or with tools or tool calls the built-in ChatML + Hermes template
    /// (<c>Templates/Builtin/HermesChatMlTemplate</c>).</para>
    /// <para>Jinja templates see the messages as OpenAI JSON (tool-call arguments parsed into objects), the tools
    /// as OpenAI tool JSON, the model's BOS/EOS token text unless overridden, <c>strftime_now</c> over
    /// <see cref="ChatRenderRequest.Now"/> (default the clock) and the variables. A leading BOS text (trailing EOS
    /// text) is removed when tokenizing with add_special adds that token anyway (llama.cpp's
    /// <c>common_chat_templates_apply</c>), so the prompt carries one.</para>
    /// <para><see cref="RenderedPrompt.ToolCallFormat"/>: for the model's template <see cref="EngineOptions.ToolCallFormat"/>
    /// when set, else detected from the template text; for a request's template source, detected from it; Hermes
    /// for the built-in tool template.</para>
    /// </remarks>
    /// <exception cref="NoModelLoadedException">No model is loaded.</exception>
    public ValueTask<RenderedPrompt> RenderChatAsync(ChatRenderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Render(request));
    }

    private RenderedPrompt Render(ChatRenderRequest request)
    {
        var rendered = WithModel(m => m.RenderChat(request, options.ChatTemplate, options.ToolCallFormatOverride));
        if (rendered.TemplateName == LlamaModel.ModelMatcherTemplateName)
            logger.LogWarning("The model's chat template does not parse as Jinja; llama.cpp's built-in matcher rendered it instead.");
        return rendered;
    }

    /// <summary>Stops the scheduler (running generations end with <see cref="FinishReason.Cancelled"/>) and frees
    /// the model once no call uses it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        var current = Interlocked.Exchange(ref session, null);
        if (current is null) return;
        current.Retire();
        await current.Scheduler.Stopped.ConfigureAwait(false);
        status = EngineStatus.Empty;
    }

    /// <summary>Runs <paramref name="work"/> on the current model, holding a reference so a swap cannot free it meanwhile.</summary>
    private T WithModel<T>(Func<LlamaModel, T> work)
    {
        var current = AcquireSession();
        try
        {
            return work(current.Model);
        }
        finally
        {
            current.Release();
        }
    }

    private ModelSession AcquireSession()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        while (true)
        {
            var current = session ?? throw new NoModelLoadedException();
            if (current.TryAcquire()) return current;
            // It was swapped out between the read and the acquire: read again.
            if (ReferenceEquals(current, session)) throw new NoModelLoadedException();
        }
    }
}
