namespace Workbench.Engine.Memory;

/// <summary>Estimates the memory llama.cpp allocates for a model: weights + KV cache + output + compute buffers,
/// the four kinds of buffer it reports at load (<see cref="LlamaMemoryReport"/>).</summary>
/// <remarks>
/// <para><b>Weights</b> = the GGUF's tensor bytes when known, else parameters × bits per weight / 8
/// (<see cref="WeightType"/>). llama.cpp memory-maps the file and its model buffer is those bytes.</para>
/// <para><b>KV cache</b> = cells × n_layer × (row(type, n_head_kv × d_k) + row(type, n_head_kv × d_v)), where
/// row(type, n) = n / block elements × block bytes (F16: 2 bytes, Q8_0: 34 per 32, Q4_0: 18 per 32) and cells =
/// pad(n_ctx per sequence, 256) × sequences. Source: <c>llama_kv_cache</c>'s constructor (src/llama-kv-cache.cpp)
/// creates per layer a K tensor [n_embd_k_gqa, kv_size, n_stream] and a V tensor [n_embd_v_gqa, kv_size, n_stream]
/// of type_k / type_v; <c>llama_context</c> (src/llama-context.cpp) pads n_ctx_seq to 256 and, with
/// <c>kv_unified = false</c> as this engine runs, gives each of n_seq_max streams kv_size = n_ctx_seq cells. With
/// multi-head latent attention (<see cref="ModelShape.Mla"/>) the cache holds one latent row of
/// kv_lora_rank + rope elements per layer and no V tensor (llama.cpp: <c>has_v = !is_mla</c>).</para>
/// <para><b>Output</b> = sequences × n_vocab × 4 bytes: <c>output_reserve(n_seq_max)</c> keeps F32 logits for one
/// output per sequence.</para>
/// <para><b>Compute</b> is what ggml-alloc measures by building the worst-case graph (<c>sched_reserve</c>); there is
/// no closed form. The rule used here keeps its two largest tensors with flash attention on (llama.cpp's
/// <c>auto</c> on CPU and CUDA): the micro-batch's F32 logits, n_ubatch × n_vocab × 4, plus the F16 attention mask,
/// n_ubatch × n_kv × 2, with n_ubatch = min(512, n_batch, n_ctx) and n_kv = the per-sequence cells. It lands within
/// about 30 % of the report on the test models (their activations are small; llama.cpp reuses memory between
/// tensors), and it grows as the report does with the vocabulary and the window. Without flash attention the
/// attention scores, n_head × n_ubatch × n_kv × 4 bytes, come on top.</para>
/// </remarks>
public static class VramEstimator
{
    /// <summary>llama.cpp's KV cache padding (<c>GGML_PAD(n_ctx_seq, 256)</c> in src/llama-context.cpp).</summary>
    public const int CellPadding = 256;

    /// <summary>llama.cpp's default micro-batch (<c>llama_context_default_params().n_ubatch</c>).</summary>
    public const int DefaultMicroBatch = 512;

    /// <summary>Estimates the buffers for <paramref name="shape"/> under <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (<see cref="VramOptions.Validate"/>).</exception>
    public static VramBreakdown Estimate(ModelShape shape, VramOptions options)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var notes = new List<string>();

        long weights = options.WeightBytes ?? options.WeightType.BytesFor(shape.Parameters);
        long active = weights;
        if (shape.Experts is { } moe)
        {
            long total = shape.CountParameters();
            active = total > 0 ? (long)Math.Round(weights * (double)shape.CountActiveParameters() / total) : weights;
            notes.Add($"Mixture of experts: all {moe.Count} experts per layer stay resident; a token is routed to {moe.Active}"
                + (moe.Shared > 0 ? $" plus {moe.Shared} shared" : "") + ", so it reads about "
                + $"{(double)active / Math.Max(1, weights):P0} of the weights.");
        }

        int cellsPerSequence = PadCells(options.ContextSize);
        long cells = (long)cellsPerSequence * options.Sequences;
        long perToken = KvBytesPerToken(shape, options.CacheType, notes);
        long kv = cells * perToken;

        int microBatch = Math.Min(DefaultMicroBatch, Math.Min(options.BatchSize, options.ContextSize * options.Sequences));
        long compute = (long)microBatch * shape.VocabSize * 4 + (long)microBatch * cellsPerSequence * 2;
        long output = (long)options.Sequences * shape.VocabSize * 4;

        if (shape.ContextLengthTrain > 0 && options.ContextSize > shape.ContextLengthTrain)
            notes.Add($"The window ({options.ContextSize}) is longer than the model was trained for ({shape.ContextLengthTrain}); llama.cpp warns of a training context overflow.");
        if (options.CacheType != KvCacheType.F16)
            notes.Add("A quantized V cache needs flash attention (llama.cpp refuses it otherwise).");

        return new VramBreakdown
        {
            WeightsBytes = weights,
            ActiveWeightsBytes = active,
            KvCacheBytes = kv,
            OutputBytes = output,
            ComputeBytes = compute,
            KvCells = cells,
            KvBytesPerToken = perToken,
            MicroBatch = microBatch,
            WeightsFromFile = options.WeightBytes is not null,
            Notes = notes,
        };
    }

    /// <summary>Cells llama.cpp allocates per sequence for a window of <paramref name="contextSize"/> tokens: the
    /// next multiple of 256.</summary>
    public static int PadCells(int contextSize) => (contextSize + CellPadding - 1) / CellPadding * CellPadding;

    /// <summary>KV cache bytes per token (one cell, all layers) for <paramref name="shape"/> at <paramref name="type"/>:
    /// n_layer × (row(n_head_kv × d_k) + row(n_head_kv × d_v)), or n_layer × row(kv_lora_rank + rope) with MLA.</summary>
    public static long KvBytesPerToken(ModelShape shape, KvCacheType type) => KvBytesPerToken(shape, type, notes: null);

    private static long KvBytesPerToken(ModelShape shape, KvCacheType type, List<string>? notes)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var (blockElements, _) = KvCacheTypes.Block(type);
        if (shape.Mla is { } mla)
        {
            notes?.Add($"Multi-head latent attention: the cache keeps one latent of {mla.KvLoraRank} + {mla.RopeHeadDim} rotary values per token and layer instead of {shape.HeadCountKv} heads × ({shape.HeadDimK} + {shape.HeadDimV}).");
            return shape.Layers * Row(type, mla.CachedElementsPerToken);
        }
        if (blockElements > 1 && (shape.HeadDimK % blockElements != 0 || shape.HeadDimV % blockElements != 0))
            notes?.Add($"llama.cpp refuses a {KvCacheTypes.Name(type)} cache here: its block of {blockElements} does not divide the head size ({shape.HeadDimK}/{shape.HeadDimV}).");
        return shape.Layers * (Row(type, (long)shape.HeadCountKv * shape.HeadDimK) + Row(type, (long)shape.HeadCountKv * shape.HeadDimV));
    }

    private static long Row(KvCacheType type, long elements)
    {
        var (blockElements, blockBytes) = KvCacheTypes.Block(type);
        return (elements + blockElements - 1) / blockElements * blockBytes; // whole blocks (a partial one is refused by llama.cpp)
    }
}
