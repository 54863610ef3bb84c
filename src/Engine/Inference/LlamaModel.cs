using System.Runtime.ExceptionServices;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Handles;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Inference;

/// <summary>A loaded GGUF model (or only its vocabulary): the native model handle, its metadata
/// (<see cref="Describe"/>), its tokenizer and its chat templates. Methods are safe to call from several threads
/// (llama.cpp's vocabulary functions are read-only after load); disposing while a context still references the
/// model defers the native free until that context is freed.</summary>
internal sealed partial class LlamaModel : IDisposable
{
    private static readonly byte[] GgufMagic = "GGUF"u8.ToArray();

    private LlamaModel(SafeLlamaModelHandle handle, string path, bool vocabOnly)
    {
        Handle = handle;
        Path = path;
        IsVocabOnly = vocabOnly;
        Vocab = handle.GetVocab();
        VocabSize = Vocab.TokenCount;
        ContextLengthTrain = handle.ContextLengthTrain;
        BosToken = Vocab.BosToken;
        EosToken = Vocab.EosToken;
        VocabType = Vocab.Type;
        _missingByteTokens = FindMissingByteTokens();
    }

    /// <summary>The native <c>llama_model*</c>. Contexts take a reference on it (<see cref="SafeLlamaContextHandle"/>).</summary>
    public SafeLlamaModelHandle Handle { get; }

    /// <summary>The model's vocabulary (<c>const llama_vocab*</c>, owned by the model): usable while
    /// <see cref="Handle"/> is open.</summary>
    public LlamaVocab Vocab { get; }

    /// <summary>Full path of the GGUF file.</summary>
    public string Path { get; }

    /// <summary>Whether only the vocabulary was loaded (no weights: no context can be created).</summary>
    public bool IsVocabOnly { get; }

    /// <summary>Tokens in the vocabulary (n_vocab): valid ids are 0 to VocabSize − 1; logits rows have this length.</summary>
    public int VocabSize { get; }

    /// <summary>Context length the model was trained with (n_ctx_train).</summary>
    public int ContextLengthTrain { get; }

    /// <summary>Beginning-of-sequence token id, or −1.</summary>
    public int BosToken { get; }

    /// <summary>End-of-sequence token id, or −1.</summary>
    public int EosToken { get; }

    /// <summary>The tokenizer algorithm.</summary>
    public LlamaVocabType VocabType { get; }

    /// <summary>Loads a GGUF through <c>llama_model_load_from_file</c>.</summary>
    /// <param name="path">Path of the GGUF file (made absolute).</param>
    /// <param name="gpuLayers">Layers offloaded to the GPU (n_gpu_layers); −1 = all; ignored by the CPU backend.</param>
    /// <param name="vocabOnly">Load only the vocabulary (tokenizer, chat template, metadata), no weights.</param>
    /// <param name="progress">Receives the load progress from 0 to 1, non-decreasing, ending with exactly 1 on
    /// success. Called on the loading thread.</param>
    /// <param name="cancellationToken">Cancels the load (checked by llama.cpp's progress callback).</param>
    /// <exception cref="InvalidOperationException"><see cref="LlamaBackend.Initialize"/> was not called.</exception>
    /// <exception cref="ModelLoadException">The file is missing or unreadable, is not a GGUF, or llama.cpp refused it
    /// (the message quotes llama.cpp's error log lines).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static LlamaModel Load(string path, int gpuLayers, bool vocabOnly, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!LlamaBackend.IsInitialized)
            throw new InvalidOperationException("Call LlamaBackend.Initialize before loading a model.");
        string fullPath = System.IO.Path.GetFullPath(path);
        CheckGgufFile(fullPath);
        cancellationToken.ThrowIfCancellationRequested();

        var state = new LoadProgress(progress, cancellationToken);
        var handle = SafeLlamaModelHandle.LoadFromFile(fullPath, gpuLayers, vocabOnly, state.OnNative);
        if (handle.IsInvalid)
        {
            state.Failure?.Throw();
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<string> errors = LlamaLog.ThreadErrors;
            string reason = errors.Count > 0 ? string.Join(" / ", errors.Distinct()) : "llama.cpp logged no reason";
            throw new ModelLoadException($"llama.cpp could not load the model '{System.IO.Path.GetFileName(fullPath)}': {reason}");
        }
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var loaded = new LlamaModel(handle, fullPath, vocabOnly);
            state.Report(1f);
            return loaded;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Frees the model (deferred while a context references it).</summary>
    public void Dispose() => Handle.Dispose();

    private static void CheckGgufFile(string fullPath)
    {
        string name = System.IO.Path.GetFileName(fullPath);
        if (Directory.Exists(fullPath))
            throw new ModelLoadException($"'{fullPath}' is a directory, not a GGUF model file.");
        if (!File.Exists(fullPath))
            throw new ModelLoadException($"The model file '{fullPath}' does not exist.");
        Span<byte> magic = stackalloc byte[4];
        int read;
        try
        {
            using FileStream stream = File.OpenRead(fullPath);
            read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"The model file '{name}' cannot be read: {e.Message}", e);
        }
        if (read < magic.Length || !magic.SequenceEqual(GgufMagic))
            throw new ModelLoadException($"'{name}' is not a GGUF model file (it does not start with the 'GGUF' magic bytes).");
    }

    /// <summary>Load-progress state that llama.cpp's progress callback reports to (on the loading thread).</summary>
    private sealed class LoadProgress(IProgress<float>? progress, CancellationToken cancellationToken)
    {
        private float _last = -1f;

        public ExceptionDispatchInfo? Failure { get; private set; }

        public bool OnNative(float value)
        {
            if (cancellationToken.IsCancellationRequested)
                return false;
            try
            {
                Report(Math.Clamp(value, 0f, 1f));
                return true;
            }
            catch (Exception e)
            {
                Failure = ExceptionDispatchInfo.Capture(e);
                return false;
            }
        }

        public void Report(float value)
        {
            if (value <= _last)
                return; // non-decreasing, no repeats
            _last = value;
            progress?.Report(value);
        }
    }
}
