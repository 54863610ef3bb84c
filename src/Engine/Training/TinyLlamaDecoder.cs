using System.Numerics.Tensors;

namespace Workbench.Engine.Training;

/// <summary>
/// Greedy decoding with a KV cache, as llama.cpp decodes: the prompt runs once through
/// <see cref="TinyLlamaNetwork"/> (the prefill), its keys and values are kept per block, and each new token then
/// runs through the blocks alone, attending to the cached keys and values — so a reply of n tokens costs one prefill
/// and n single-token steps instead of n full passes. The logits equal the full pass's (tested).
/// </summary>
public sealed class TinyLlamaDecoder
{
    private readonly TinyLlamaNetwork _network;
    private readonly TinyLlamaShape _shape;
    private readonly int _d, _f, _h, _hd, _v;

    /// <summary>Creates a decoder over <paramref name="network"/>'s current weights.</summary>
    public TinyLlamaDecoder(TinyLlamaNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _shape = network.Layout.Shape;
        _d = _shape.EmbeddingLength; _f = _shape.FeedForwardLength; _h = _shape.HeadCount; _hd = _shape.HeadDimension; _v = _shape.VocabSize;
    }

    /// <summary>The greedy continuation of <paramref name="prompt"/>: argmax tokens until <paramref name="stopToken"/>
    /// (not included), <paramref name="maxTokens"/>, or the model's n_ctx_train.</summary>
    public IReadOnlyList<int> Greedy(IReadOnlyList<int> prompt, int maxTokens, int stopToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (prompt.Count == 0) throw new ArgumentException("Need at least one prompt token.", nameof(prompt));
        if (prompt.Count >= _shape.ContextLength) throw new ArgumentException($"The prompt of {prompt.Count} tokens leaves no room in n_ctx_train {_shape.ContextLength}.", nameof(prompt));
        int capacity = Math.Min(_shape.ContextLength, prompt.Count + maxTokens);
        var keys = new float[_shape.BlockCount][];
        var values = new float[_shape.BlockCount][];
        float[] logits = _network.Prefill(prompt, (l, k, v) =>
        {
            keys[l] = new float[capacity * _d];
            values[l] = new float[capacity * _d];
            k.CopyTo(keys[l], 0);
            v.CopyTo(values[l], 0);
        });
        var output = new List<int>();
        int position = prompt.Count;
        while (output.Count < maxTokens)
        {
            int next = TensorPrimitives.IndexOfMax(logits);
            if (next == stopToken || position >= capacity) break;
            output.Add(next);
            logits = Step(next, position, keys, values);
            position++;
        }
        return output;
    }

    // One token through every block at `position`, appending its key and value to the caches.
    private float[] Step(int token, int position, float[][] keys, float[][] values)
    {
        var layout = _network.Layout;
        float[] w = _network.Weights;
        int d = _d, f = _f, threads = 1;
        var x = w.AsSpan(layout.TokenEmbedding + token * d, d).ToArray();
        var norm = new float[d];
        var qkv = new float[3 * d];
        var attention = new float[d];
        var gateUp = new float[2 * f];
        var hidden = new float[f];
        var scores = new float[position + 1];
        var (cos, sin) = _network.Rope;
        float scale = 1f / MathF.Sqrt(_hd);
        for (int l = 0; l < _shape.BlockCount; l++)
        {
            var block = layout.Blocks[l];
            var t = _network.TransposedBlock(l);
            RmsNorm(x, w.AsSpan(block.AttentionNorm, d), norm);
            Gemm.Multiply(1, 3 * d, d, norm, 0, d, 1, t.QueryKeyValue, 0, 3 * d, qkv, 0, 3 * d, false, threads);
            int half = _hd / 2, table = position * half;
            for (int part = 0; part < 2; part++)
                for (int head = 0; head < _h; head++)
                {
                    int at = part * d + head * _hd;
                    for (int i = 0; i < half; i++)
                    {
                        float c = cos[table + i], s = sin[table + i], x0 = qkv[at + 2 * i], x1 = qkv[at + 2 * i + 1];
                        qkv[at + 2 * i] = x0 * c - x1 * s;
                        qkv[at + 2 * i + 1] = x0 * s + x1 * c;
                    }
                }
            Array.Copy(qkv, d, keys[l], position * d, d);
            Array.Copy(qkv, 2 * d, values[l], position * d, d);
            for (int head = 0; head < _h; head++)
            {
                var q = qkv.AsSpan(head * _hd, _hd);
                for (int j = 0; j <= position; j++) scores[j] = TensorPrimitives.Dot(q, keys[l].AsSpan(j * d + head * _hd, _hd)) * scale;
                var visible = scores.AsSpan(0, position + 1);
                float max = TensorPrimitives.Max(visible);
                TensorPrimitives.Subtract(visible, max, visible);
                TensorPrimitives.Exp(visible, visible);
                TensorPrimitives.Multiply(visible, 1f / TensorPrimitives.Sum(visible), visible);
                var o = attention.AsSpan(head * _hd, _hd);
                o.Clear();
                for (int j = 0; j <= position; j++) TensorPrimitives.MultiplyAdd(values[l].AsSpan(j * d + head * _hd, _hd), visible[j], o, o);
            }
            Gemm.Multiply(1, d, d, attention, 0, d, 1, t.AttentionOutput, 0, d, x, 0, d, true, threads);
            RmsNorm(x, w.AsSpan(block.FeedForwardNorm, d), norm);
            Gemm.Multiply(1, 2 * f, d, norm, 0, d, 1, t.GateUp, 0, 2 * f, gateUp, 0, 2 * f, false, threads);
            for (int j = 0; j < f; j++) hidden[j] = gateUp[j] / (1f + MathF.Exp(-gateUp[j])) * gateUp[f + j];
            Gemm.Multiply(1, d, f, hidden, 0, f, 1, t.Down, 0, d, x, 0, d, true, threads);
        }
        RmsNorm(x, w.AsSpan(layout.OutputNorm, d), norm);
        var logits = new float[_v];
        Gemm.Multiply(1, _v, d, norm, 0, d, 1, _network.EmbeddingTransposed, 0, _v, logits, 0, _v, false, threads);
        return logits;
    }

    private void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> y)
    {
        float inv = 1f / MathF.Sqrt(TensorPrimitives.Dot(x, x) / x.Length + _shape.RmsNormEpsilon);
        TensorPrimitives.Multiply(x, inv, y);
        TensorPrimitives.Multiply(y, weight, y);
    }
}
