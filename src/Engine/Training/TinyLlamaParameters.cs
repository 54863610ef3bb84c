namespace Workbench.Engine.Training;

/// <summary>
/// Where each weight of a <see cref="TinyLlamaShape"/> lives in one flat float array (the same layout serves the
/// weights, their gradients and AdamW's two moments). Every matrix is row-major [out × in], as llama.cpp stores a
/// weight with ggml <c>ne = [in, out]</c>, so export is a copy. The attention's q, k and v matrices are one
/// [3·D × D] block and the SwiGLU gate and up matrices one [2·F × D] block (one matrix product each); export
/// splits them into <c>attn_q</c>/<c>attn_k</c>/<c>attn_v</c> and <c>ffn_gate</c>/<c>ffn_up</c>.
/// </summary>
public sealed class TinyLlamaParameters
{
    /// <summary>Offsets of one block's weights.</summary>
    /// <param name="AttentionNorm">[D] RMSNorm weight before attention.</param>
    /// <param name="QueryKeyValue">[3D × D]: rows 0..D-1 are q, then k, then v.</param>
    /// <param name="AttentionOutput">[D × D].</param>
    /// <param name="FeedForwardNorm">[D] RMSNorm weight before the feed-forward block.</param>
    /// <param name="GateUp">[2F × D]: rows 0..F-1 are the gate, then up.</param>
    /// <param name="Down">[D × F].</param>
    public readonly record struct Block(int AttentionNorm, int QueryKeyValue, int AttentionOutput, int FeedForwardNorm, int GateUp, int Down);

    /// <summary>Lays out <paramref name="shape"/>.</summary>
    /// <param name="shape">A validated shape.</param>
    public TinyLlamaParameters(TinyLlamaShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        Shape = shape;
        int d = shape.EmbeddingLength, f = shape.FeedForwardLength;
        int offset = 0;
        int Take(int count) { int at = offset; offset = checked(offset + count); return at; }
        TokenEmbedding = Take(shape.VocabSize * d);
        var blocks = new Block[shape.BlockCount];
        for (int l = 0; l < blocks.Length; l++)
            blocks[l] = new Block(Take(d), Take(3 * d * d), Take(d * d), Take(d), Take(2 * f * d), Take(d * f));
        Blocks = blocks;
        OutputNorm = Take(d);
        Count = offset;
    }

    /// <summary>The shape laid out.</summary>
    public TinyLlamaShape Shape { get; }

    /// <summary>Offset of the token embedding [V × D] (also the tied output projection).</summary>
    public int TokenEmbedding { get; }

    /// <summary>Each block's offsets, in order.</summary>
    public IReadOnlyList<Block> Blocks { get; }

    /// <summary>Offset of the final RMSNorm weight [D].</summary>
    public int OutputNorm { get; }

    /// <summary>Floats in the whole layout (= <see cref="TinyLlamaShape.ParameterCount"/>).</summary>
    public int Count { get; }

    /// <summary>Whether the float at <paramref name="index"/> is a norm weight (no weight decay; initialised to 1).</summary>
    public bool IsNorm(int index)
    {
        int d = Shape.EmbeddingLength;
        if (index >= OutputNorm) return true;
        foreach (var block in Blocks)
        {
            if (index >= block.AttentionNorm && index < block.AttentionNorm + d) return true;
            if (index >= block.FeedForwardNorm && index < block.FeedForwardNorm + d) return true;
        }
        return false;
    }

    /// <summary>
    /// Initial weights, seeded: norms 1; every matrix N(0, 0.02²), the two projections back into the residual stream
    /// (attention output, down) scaled by 1/√(2·n_layer) as GPT-2 does (Radford et al. 2019, §2.3).
    /// </summary>
    /// <param name="seed">Seed of the normal draws (Box–Muller over <see cref="Random"/>(seed)).</param>
    public float[] Initialize(int seed)
    {
        var weights = new float[Count];
        var random = new Random(seed);
        float Normal()
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        void Fill(int at, int count, float std) { for (int i = 0; i < count; i++) weights[at + i] = std * Normal(); }
        void Ones(int at, int count) => Array.Fill(weights, 1f, at, count);

        int d = Shape.EmbeddingLength, f = Shape.FeedForwardLength;
        const float std = 0.02f;
        float residualStd = std / MathF.Sqrt(2f * Shape.BlockCount);
        Fill(TokenEmbedding, Shape.VocabSize * d, std);
        foreach (var block in Blocks)
        {
            Ones(block.AttentionNorm, d);
            Fill(block.QueryKeyValue, 3 * d * d, std);
            Fill(block.AttentionOutput, d * d, residualStd);
            Ones(block.FeedForwardNorm, d);
            Fill(block.GateUp, 2 * f * d, std);
            Fill(block.Down, d * f, residualStd);
        }
        Ones(OutputNorm, d);
        return weights;
    }

    /// <summary>The weights as llama.cpp's GGUF tensors (names of <c>llm_arch LLM_ARCH_LLAMA</c>; ggml <c>ne</c>
    /// order, ne[0] the row length), in the order llama.cpp's converters write them. No <c>output.weight</c>: the
    /// output projection is tied to <c>token_embd.weight</c>.</summary>
    /// <param name="weights">A weight array of this layout.</param>
    public IReadOnlyList<(string Name, long[] Ne, float[] Data)> ToTensors(float[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != Count) throw new ArgumentException($"Expected {Count} weights, got {weights.Length}.", nameof(weights));
        int d = Shape.EmbeddingLength, f = Shape.FeedForwardLength;
        float[] Slice(int at, int count) => weights.AsSpan(at, count).ToArray();
        var tensors = new List<(string, long[], float[])> { ("token_embd.weight", [d, Shape.VocabSize], Slice(TokenEmbedding, Shape.VocabSize * d)) };
        for (int l = 0; l < Blocks.Count; l++)
        {
            var block = Blocks[l];
            string p = $"blk.{l}.";
            tensors.Add((p + "attn_norm.weight", [d], Slice(block.AttentionNorm, d)));
            tensors.Add((p + "attn_q.weight", [d, d], Slice(block.QueryKeyValue, d * d)));
            tensors.Add((p + "attn_k.weight", [d, d], Slice(block.QueryKeyValue + d * d, d * d)));
            tensors.Add((p + "attn_v.weight", [d, d], Slice(block.QueryKeyValue + 2 * d * d, d * d)));
            tensors.Add((p + "attn_output.weight", [d, d], Slice(block.AttentionOutput, d * d)));
            tensors.Add((p + "ffn_norm.weight", [d], Slice(block.FeedForwardNorm, d)));
            tensors.Add((p + "ffn_gate.weight", [d, f], Slice(block.GateUp, f * d)));
            tensors.Add((p + "ffn_up.weight", [d, f], Slice(block.GateUp + f * d, f * d)));
            tensors.Add((p + "ffn_down.weight", [f, d], Slice(block.Down, d * f)));
        }
        tensors.Add(("output_norm.weight", [d], Slice(OutputNorm, d)));
        return tensors;
    }

    /// <summary>Reads weights back from tensors named as <see cref="ToTensors"/> writes them (a trained GGUF's
    /// F32 tensors), for fine-tuning.</summary>
    /// <param name="tensor">Returns a tensor's floats by name, or null when it is missing.</param>
    /// <exception cref="FormatException">A tensor is missing or has the wrong number of elements.</exception>
    public float[] FromTensors(Func<string, float[]?> tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var weights = new float[Count];
        int d = Shape.EmbeddingLength, f = Shape.FeedForwardLength;
        void Read(string name, int at, int count)
        {
            float[] data = tensor(name) ?? throw new FormatException($"The model has no tensor '{name}'.");
            if (data.Length != count) throw new FormatException($"Tensor '{name}' has {data.Length} elements; this shape needs {count}.");
            data.CopyTo(weights, at);
        }
        Read("token_embd.weight", TokenEmbedding, Shape.VocabSize * d);
        for (int l = 0; l < Blocks.Count; l++)
        {
            var block = Blocks[l];
            string p = $"blk.{l}.";
            Read(p + "attn_norm.weight", block.AttentionNorm, d);
            Read(p + "attn_q.weight", block.QueryKeyValue, d * d);
            Read(p + "attn_k.weight", block.QueryKeyValue + d * d, d * d);
            Read(p + "attn_v.weight", block.QueryKeyValue + 2 * d * d, d * d);
            Read(p + "attn_output.weight", block.AttentionOutput, d * d);
            Read(p + "ffn_norm.weight", block.FeedForwardNorm, d);
            Read(p + "ffn_gate.weight", block.GateUp, f * d);
            Read(p + "ffn_up.weight", block.GateUp + f * d, f * d);
            Read(p + "ffn_down.weight", block.Down, d * f);
        }
        Read("output_norm.weight", OutputNorm, d);
        return weights;
    }
}
