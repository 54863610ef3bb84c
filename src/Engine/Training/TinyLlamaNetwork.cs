using System.Numerics.Tensors;

namespace Workbench.Engine.Training;

/// <summary>
/// The forward and backward pass of a <see cref="TinyLlamaShape"/> model over a batch of sequences, written out so a
/// student can follow every step (the same computation llama.cpp's <c>llm_build_llama</c> runs at inference):
/// <code>
/// x = token_embd[tokens]
/// per block:  h = x + Wo · attention(rope(Wq·n), rope(Wk·n), Wv·n)     n = rmsnorm(x) ⊙ attn_norm
///             x = h + Wdown · (silu(Wgate·m) ⊙ Wup·m)                   m = rmsnorm(h) ⊙ ffn_norm
/// logits = token_embdᵀ · (rmsnorm(x) ⊙ output_norm)                     (tied output)
/// loss   = mean over target positions of −log softmax(logits)[next token]
/// </code>
/// Rows of all sequences are stacked (no padding); attention runs per sequence and head with a causal mask; logits
/// are computed only at rows that predict a target, which is where the loss is. Not thread-safe: one pass at a time.
/// </summary>
public sealed class TinyLlamaNetwork
{
    private readonly TinyLlamaShape _shape;
    private readonly TinyLlamaParameters _layout;
    private readonly int _threads;
    private readonly int _d, _f, _v, _h, _hd;
    private readonly float[] _cos, _sin;
    private readonly BlockTransposes[] _transposed;
    private float[] _embeddingT = [];
    private Activations[] _acts = [];
    private float[] _final = [], _finalRms = [], _finalNorm = [], _dx = [], _dtmp = [];
    private float[] _targetHidden = [], _logits = [];
    private int _rows;
    private int[] _rowToken = [], _rowPosition = [], _sequenceStart = [], _sequenceLength = [];
    private int[] _outputRow = [], _outputToken = [];
    private int _outputs;

    private sealed class BlockTransposes(int d, int f)
    {
        public readonly float[] QueryKeyValue = new float[d * 3 * d];
        public readonly float[] AttentionOutput = new float[d * d];
        public readonly float[] GateUp = new float[d * 2 * f];
        public readonly float[] Down = new float[f * d];
    }

    private sealed class Activations
    {
        public float[] Input = [], Rms1 = [], Norm1 = [], Qkv = [], Attention = [], Middle = [], Rms2 = [], Norm2 = [], GateUp = [], Hidden = [];
        public float[] Probabilities = [];
        public int[] ProbabilityStart = [];
    }

    /// <summary>Creates the network for <paramref name="layout"/>, reading weights from <see cref="Weights"/>.</summary>
    /// <param name="layout">The parameter layout.</param>
    /// <param name="weights">The weights (<see cref="TinyLlamaParameters.Count"/> floats); the network reads them in
    /// place, so an optimizer step on the array is seen after <see cref="WeightsChanged"/>.</param>
    /// <param name="threads">Threads for the matrix products and attention.</param>
    public TinyLlamaNetwork(TinyLlamaParameters layout, float[] weights, int threads)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != layout.Count) throw new ArgumentException($"Expected {layout.Count} weights.", nameof(weights));
        _layout = layout;
        _shape = layout.Shape;
        Weights = weights;
        Gradients = new float[layout.Count];
        _threads = Math.Max(1, threads);
        _d = _shape.EmbeddingLength; _f = _shape.FeedForwardLength; _v = _shape.VocabSize;
        _h = _shape.HeadCount; _hd = _shape.HeadDimension;
        if (_v % 8 != 0) throw new ArgumentException("VocabSize must be a multiple of 8 (pad the vocabulary).", nameof(layout));
        if (_hd % 8 != 0) throw new ArgumentException("The head width (EmbeddingLength / HeadCount) must be a multiple of 8.", nameof(layout));
        (_cos, _sin) = RopeTables(_shape);
        _transposed = new BlockTransposes[_shape.BlockCount];
        for (int l = 0; l < _transposed.Length; l++) _transposed[l] = new BlockTransposes(_d, _f);
        WeightsChanged();
    }

    /// <summary>The weights the network reads.</summary>
    public float[] Weights { get; }

    /// <summary>The parameter layout.</summary>
    public TinyLlamaParameters Layout => _layout;

    /// <summary>Threads the network uses.</summary>
    public int Threads => _threads;

    /// <summary>Runs the forward pass over <paramref name="prompt"/> alone and hands each block's keys (after RoPE) and
    /// values, [T × D] each, to <paramref name="keep"/> — the prefill of <see cref="TinyLlamaDecoder"/> — and returns
    /// the next-token logits.</summary>
    internal float[] Prefill(IReadOnlyList<int> prompt, Action<int, float[], float[]> keep)
    {
        var tokens = prompt.ToArray();
        Prepare([new TrainingSequence(tokens, new bool[tokens.Length])], lastOnly: true);
        Forward();
        int n = tokens.Length, d = _d;
        for (int l = 0; l < _shape.BlockCount; l++)
        {
            var keys = new float[n * d];
            var values = new float[n * d];
            var qkv = _acts[l].Qkv;
            for (int r = 0; r < n; r++)
            {
                Array.Copy(qkv, r * 3 * d + d, keys, r * d, d);
                Array.Copy(qkv, r * 3 * d + 2 * d, values, r * d, d);
            }
            keep(l, keys, values);
        }
        return _logits.AsSpan(0, _v).ToArray();
    }

    /// <summary>The transposed weight copies the forward pass multiplies with, for <see cref="TinyLlamaDecoder"/>:
    /// q/k/v [D × 3D], attention output [D × D], gate/up [D × 2F], down [F × D] of block <paramref name="block"/>.</summary>
    internal (float[] QueryKeyValue, float[] AttentionOutput, float[] GateUp, float[] Down) TransposedBlock(int block)
    {
        var t = _transposed[block];
        return (t.QueryKeyValue, t.AttentionOutput, t.GateUp, t.Down);
    }

    /// <summary>The embedding transposed [D × V] (the tied output projection).</summary>
    internal float[] EmbeddingTransposed => _embeddingT;

    /// <summary>RoPE tables [n_ctx × head_dim/2].</summary>
    internal (float[] Cos, float[] Sin) Rope => (_cos, _sin);

    /// <summary>Gradients of the last <see cref="ForwardBackward"/>, added to (call <see cref="ClearGradients"/> first).</summary>
    public float[] Gradients { get; }

    /// <summary>Sets every gradient to zero.</summary>
    public void ClearGradients() => Array.Clear(Gradients);

    /// <summary>Must be called after <see cref="Weights"/> changed: refreshes the transposed copies the forward pass
    /// multiplies with (each weight W [out × in] is used as Wᵀ [in × out] there).</summary>
    public void WeightsChanged()
    {
        for (int l = 0; l < _shape.BlockCount; l++)
        {
            var block = _layout.Blocks[l];
            var t = _transposed[l];
            Transpose(Weights, block.QueryKeyValue, 3 * _d, _d, t.QueryKeyValue);
            Transpose(Weights, block.AttentionOutput, _d, _d, t.AttentionOutput);
            Transpose(Weights, block.GateUp, 2 * _f, _d, t.GateUp);
            Transpose(Weights, block.Down, _d, _f, t.Down);
        }
        if (_embeddingT.Length != _v * _d) _embeddingT = new float[_v * _d];
        Transpose(Weights, _layout.TokenEmbedding, _v, _d, _embeddingT);
    }

    /// <summary>
    /// Runs the forward and backward pass over <paramref name="batch"/> and adds the gradient of the mean target
    /// loss to <see cref="Gradients"/>.
    /// </summary>
    /// <param name="batch">Sequences (each at most n_ctx_train tokens, at least one target after position 0).</param>
    /// <returns>The mean cross-entropy over all target positions, in nats, and the number of targets.</returns>
    public (float Loss, int Targets) ForwardBackward(IReadOnlyList<TrainingSequence> batch)
    {
        Prepare(batch, lastOnly: false);
        if (_outputs == 0) return (0f, 0);
        Forward();
        float loss = SoftmaxCrossEntropy();
        Backward();
        return (loss, _outputs);
    }

    /// <summary>The mean target loss of <paramref name="batch"/> without touching the gradients (evaluation).</summary>
    public (float Loss, int Targets) Loss(IReadOnlyList<TrainingSequence> batch)
    {
        Prepare(batch, lastOnly: false);
        if (_outputs == 0) return (0f, 0);
        Forward();
        return (SoftmaxCrossEntropy(computeGradient: false), _outputs);
    }

    /// <summary>The logits [n_vocab] of the next token after <paramref name="tokens"/> (no KV cache: the whole
    /// prefix is recomputed — fine for the short samples the trainer shows).</summary>
    public float[] NextTokenLogits(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0) throw new ArgumentException("Need at least one token.", nameof(tokens));
        int start = Math.Max(0, tokens.Count - _shape.ContextLength);
        var window = tokens.Skip(start).ToArray();
        Prepare([new TrainingSequence(window, new bool[window.Length])], lastOnly: true);
        Forward();
        return _logits.AsSpan(0, _v).ToArray();
    }

    private void Prepare(IReadOnlyList<TrainingSequence> batch, bool lastOnly)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int rows = 0, outputs = 0;
        foreach (var sequence in batch)
        {
            if (sequence.Tokens.Length > _shape.ContextLength)
                throw new ArgumentException($"A sequence of {sequence.Tokens.Length} tokens exceeds n_ctx_train {_shape.ContextLength}.", nameof(batch));
            if (sequence.Targets.Length != sequence.Tokens.Length) throw new ArgumentException("Targets and Tokens differ in length.", nameof(batch));
            rows += sequence.Tokens.Length;
            for (int i = 1; i < sequence.Tokens.Length; i++) if (sequence.Targets[i]) outputs++;
        }
        if (lastOnly) outputs = 1;
        _rows = rows;
        Grow(ref _rowToken, rows); Grow(ref _rowPosition, rows);
        Grow(ref _sequenceStart, batch.Count); Grow(ref _sequenceLength, batch.Count);
        Grow(ref _outputRow, outputs); Grow(ref _outputToken, outputs);
        int row = 0, output = 0;
        for (int s = 0; s < batch.Count; s++)
        {
            var sequence = batch[s];
            _sequenceStart[s] = row;
            _sequenceLength[s] = sequence.Tokens.Length;
            for (int i = 0; i < sequence.Tokens.Length; i++)
            {
                int token = sequence.Tokens[i];
                if ((uint)token >= (uint)_v) throw new ArgumentException($"Token id {token} is outside the vocabulary of {_v}.", nameof(batch));
                _rowToken[row + i] = token;
                _rowPosition[row + i] = i;
                if (!lastOnly && i > 0 && sequence.Targets[i]) { _outputRow[output] = row + i - 1; _outputToken[output] = token; output++; }
            }
            row += sequence.Tokens.Length;
        }
        if (lastOnly) { _outputRow[0] = rows - 1; _outputToken[0] = 0; }
        _outputs = outputs;
        _sequenceCount = batch.Count;

        if (_acts.Length != _shape.BlockCount)
        {
            _acts = new Activations[_shape.BlockCount];
            for (int l = 0; l < _acts.Length; l++) _acts[l] = new Activations();
        }
        int probabilities = 0;
        for (int s = 0; s < batch.Count; s++) probabilities += _h * _sequenceLength[s] * Padded(_sequenceLength[s]);
        foreach (var a in _acts)
        {
            Grow(ref a.Input, rows * _d); Grow(ref a.Rms1, rows); Grow(ref a.Norm1, rows * _d);
            Grow(ref a.Qkv, rows * 3 * _d); Grow(ref a.Attention, rows * _d); Grow(ref a.Middle, rows * _d);
            Grow(ref a.Rms2, rows); Grow(ref a.Norm2, rows * _d); Grow(ref a.GateUp, rows * 2 * _f); Grow(ref a.Hidden, rows * _f);
            Grow(ref a.Probabilities, probabilities); Grow(ref a.ProbabilityStart, batch.Count);
            int at = 0;
            for (int s = 0; s < batch.Count; s++) { a.ProbabilityStart[s] = at; at += _h * _sequenceLength[s] * Padded(_sequenceLength[s]); }
        }
        Grow(ref _final, rows * _d); Grow(ref _finalRms, rows); Grow(ref _finalNorm, rows * _d);
        Grow(ref _dx, rows * _d); Grow(ref _dtmp, rows * Math.Max(3 * _d, 2 * _f));
        Grow(ref _targetHidden, outputs * _d); Grow(ref _logits, outputs * _v);
    }

    private int _sequenceCount;

    private void Forward()
    {
        int n = _rows, d = _d, f = _f;
        var x0 = _acts[0].Input;
        for (int r = 0; r < n; r++) Array.Copy(Weights, _layout.TokenEmbedding + _rowToken[r] * d, x0, r * d, d);
        for (int l = 0; l < _shape.BlockCount; l++)
        {
            var a = _acts[l];
            var block = _layout.Blocks[l];
            var t = _transposed[l];
            float[] output = l + 1 < _shape.BlockCount ? _acts[l + 1].Input : _final;

            RmsNorm(a.Input, Weights, block.AttentionNorm, a.Norm1, a.Rms1, n);
            Gemm.Multiply(n, 3 * d, d, a.Norm1, 0, d, 1, t.QueryKeyValue, 0, 3 * d, a.Qkv, 0, 3 * d, false, _threads);
            ApplyRope(a.Qkv, n, inverse: false);
            AttentionForward(a);
            Array.Copy(a.Input, a.Middle, n * d);
            Gemm.Multiply(n, d, d, a.Attention, 0, d, 1, t.AttentionOutput, 0, d, a.Middle, 0, d, true, _threads);

            RmsNorm(a.Middle, Weights, block.FeedForwardNorm, a.Norm2, a.Rms2, n);
            Gemm.Multiply(n, 2 * f, d, a.Norm2, 0, d, 1, t.GateUp, 0, 2 * f, a.GateUp, 0, 2 * f, false, _threads);
            for (int r = 0; r < n; r++)
            {
                int g = r * 2 * f, h = r * f;
                for (int j = 0; j < f; j++) a.Hidden[h + j] = Silu(a.GateUp[g + j]) * a.GateUp[g + f + j];
            }
            Array.Copy(a.Middle, output, n * d);
            Gemm.Multiply(n, d, f, a.Hidden, 0, f, 1, t.Down, 0, d, output, 0, d, true, _threads);
        }
        RmsNorm(_final, Weights, _layout.OutputNorm, _finalNorm, _finalRms, n);
        for (int o = 0; o < _outputs; o++) Array.Copy(_finalNorm, _outputRow[o] * d, _targetHidden, o * d, d);
        Gemm.Multiply(_outputs, _v, d, _targetHidden, 0, d, 1, _embeddingT, 0, _v, _logits, 0, _v, false, _threads);
    }

    /// <summary>Mean cross-entropy over the output rows; with <paramref name="computeGradient"/> the logits are
    /// replaced by ∂loss/∂logits = (softmax − onehot) / n_targets.</summary>
    private float SoftmaxCrossEntropy(bool computeGradient = true)
    {
        double total = 0;
        float scale = 1f / _outputs;
        for (int o = 0; o < _outputs; o++)
        {
            var row = _logits.AsSpan(o * _v, _v);
            float max = TensorPrimitives.Max(row);
            double sum = 0;
            for (int j = 0; j < row.Length; j++) sum += Math.Exp(row[j] - max);
            int target = _outputToken[o];
            total += Math.Log(sum) - (row[target] - max);
            if (!computeGradient) continue;
            float inverse = (float)(1.0 / sum);
            for (int j = 0; j < row.Length; j++) row[j] = MathF.Exp(row[j] - max) * inverse * scale;
            row[target] -= scale;
        }
        return (float)(total / _outputs);
    }

    private void Backward()
    {
        int n = _rows, d = _d, f = _f;
        var grads = Gradients;
        // Output projection (tied to the embedding): logits = H·Eᵀ, so dH = dlogits·E and dE += dlogitsᵀ·H.
        Gemm.Multiply(_outputs, d, _v, _logits, 0, _v, 1, Weights, _layout.TokenEmbedding, d, _dtmp, 0, d, false, _threads);
        Gemm.Multiply(_v, d, _outputs, _logits, 0, 1, _v, _targetHidden, 0, d, grads, _layout.TokenEmbedding, d, true, _threads);
        Array.Clear(_dx, 0, n * d);
        for (int o = 0; o < _outputs; o++)
            TensorPrimitives.Add(_dx.AsSpan(_outputRow[o] * d, d), _dtmp.AsSpan(o * d, d), _dx.AsSpan(_outputRow[o] * d, d));
        // _dx holds dL/d(final norm output); turn it into dL/d(final residual).
        RmsNormBackward(_dx, _final, _finalRms, _layout.OutputNorm, n);

        for (int l = _shape.BlockCount - 1; l >= 0; l--)
        {
            var a = _acts[l];
            var block = _layout.Blocks[l];
            // x_out = middle + hidden·Wdownᵀ
            var dHidden = _dtmp;
            Gemm.Multiply(n, f, d, _dx, 0, d, 1, Weights, block.Down, f, dHidden, 0, f, false, _threads);
            Gemm.Multiply(d, f, n, _dx, 0, 1, d, a.Hidden, 0, f, grads, block.Down, f, true, _threads);
            // hidden = silu(gate) ⊙ up  →  d(gate), d(up) into GateUp's layout, reusing a.GateUp's storage is not
            // possible (needed below for nothing else), so write the gradient in place of the pre-activations.
            for (int r = 0; r < n; r++)
            {
                int g = r * 2 * f, h = r * f;
                for (int j = 0; j < f; j++)
                {
                    float gate = a.GateUp[g + j], up = a.GateUp[g + f + j], dh = dHidden[h + j];
                    float sigmoid = 1f / (1f + MathF.Exp(-gate));
                    float silu = gate * sigmoid;
                    a.GateUp[g + j] = dh * up * sigmoid * (1f + gate * (1f - sigmoid));
                    a.GateUp[g + f + j] = dh * silu;
                }
            }
            var dNorm = _dtmp;
            Gemm.Multiply(n, d, 2 * f, a.GateUp, 0, 2 * f, 1, Weights, block.GateUp, d, dNorm, 0, d, false, _threads);
            Gemm.Multiply(2 * f, d, n, a.GateUp, 0, 1, 2 * f, a.Norm2, 0, d, grads, block.GateUp, d, true, _threads);
            AddRmsNormBackward(dNorm, a.Middle, a.Rms2, block.FeedForwardNorm, n, _dx);

            // middle = input + attention·Woᵀ
            var dAttention = _dtmp;
            Gemm.Multiply(n, d, d, _dx, 0, d, 1, Weights, block.AttentionOutput, d, dAttention, 0, d, false, _threads);
            Gemm.Multiply(d, d, n, _dx, 0, 1, d, a.Attention, 0, d, grads, block.AttentionOutput, d, true, _threads);
            // Attention backward writes d(q, k, v) over a.Qkv's rows (q and k after RoPE), then RoPE is undone.
            AttentionBackward(a, dAttention);
            ApplyRope(a.Qkv, n, inverse: true);
            var dNorm1 = _dtmp;
            Gemm.Multiply(n, d, 3 * d, a.Qkv, 0, 3 * d, 1, Weights, block.QueryKeyValue, d, dNorm1, 0, d, false, _threads);
            Gemm.Multiply(3 * d, d, n, a.Qkv, 0, 1, 3 * d, a.Norm1, 0, d, grads, block.QueryKeyValue, d, true, _threads);
            AddRmsNormBackward(dNorm1, a.Input, a.Rms1, block.AttentionNorm, n, _dx);
        }
        // Embedding lookup: each row's gradient goes to its token's row (in row order, so the sum is deterministic).
        for (int r = 0; r < n; r++)
        {
            var target = grads.AsSpan(_layout.TokenEmbedding + _rowToken[r] * d, d);
            TensorPrimitives.Add(target, _dx.AsSpan(r * d, d), target);
        }
    }

    // y = x / rms(x) ⊙ w, rms(x) = sqrt(mean(x²) + ε); stores 1/rms per row.
    private void RmsNorm(float[] x, float[] weights, int weightOffset, float[] y, float[] inverseRms, int n)
    {
        int d = _d;
        var w = weights.AsSpan(weightOffset, d);
        for (int r = 0; r < n; r++)
        {
            var row = x.AsSpan(r * d, d);
            float inv = 1f / MathF.Sqrt(TensorPrimitives.Dot(row, row) / d + _shape.RmsNormEpsilon);
            inverseRms[r] = inv;
            var outRow = y.AsSpan(r * d, d);
            TensorPrimitives.Multiply(row, inv, outRow);
            TensorPrimitives.Multiply(outRow, w, outRow);
        }
    }

    // In place: dy (gradient wrt y) becomes the gradient wrt x; adds the weight's gradient.
    // dx = inv · (dy⊙w) − inv³/D · x · Σ(dy⊙w⊙x);  dw += Σ_rows dy ⊙ x · inv.
    private void RmsNormBackward(float[] dy, float[] x, float[] inverseRms, int weightOffset, int n)
    {
        int d = _d;
        var w = Weights.AsSpan(weightOffset, d);
        var dw = Gradients.AsSpan(weightOffset, d);
        Span<float> scaled = stackalloc float[d];
        for (int r = 0; r < n; r++)
        {
            var dyRow = dy.AsSpan(r * d, d);
            var xRow = x.AsSpan(r * d, d);
            float inv = inverseRms[r];
            for (int j = 0; j < d; j++) dw[j] += dyRow[j] * xRow[j] * inv;
            TensorPrimitives.Multiply(dyRow, w, scaled);
            float dot = TensorPrimitives.Dot(scaled, xRow);
            float k = inv * inv * inv * dot / d;
            for (int j = 0; j < d; j++) dyRow[j] = inv * scaled[j] - k * xRow[j];
        }
    }

    // residual += RMSNorm backward of dNorm (dNorm is clobbered).
    private void AddRmsNormBackward(float[] dNorm, float[] x, float[] inverseRms, int weightOffset, int n, float[] residual)
    {
        RmsNormBackward(dNorm, x, inverseRms, weightOffset, n);
        TensorPrimitives.Add(residual.AsSpan(0, n * _d), dNorm.AsSpan(0, n * _d), residual.AsSpan(0, n * _d));
    }

    // RoPE, llama.cpp's normal mode (rope type 0, LLM_ARCH_LLAMA): within each head the pairs (2i, 2i+1) rotate by
    // θ = pos · base^(−2i/head_dim). Inverse rotates by −θ (the transpose), which is the backward pass.
    private void ApplyRope(float[] qkv, int n, bool inverse)
    {
        int d = _d, half = _hd / 2;
        for (int r = 0; r < n; r++)
        {
            int table = _rowPosition[r] * half;
            for (int part = 0; part < 2; part++)
            {
                int start = r * 3 * d + part * d;
                for (int head = 0; head < _h; head++)
                {
                    int at = start + head * _hd;
                    for (int i = 0; i < half; i++)
                    {
                        float cos = _cos[table + i], sin = inverse ? -_sin[table + i] : _sin[table + i];
                        float x0 = qkv[at + 2 * i], x1 = qkv[at + 2 * i + 1];
                        qkv[at + 2 * i] = x0 * cos - x1 * sin;
                        qkv[at + 2 * i + 1] = x0 * sin + x1 * cos;
                    }
                }
            }
        }
    }

    private static (float[] Cos, float[] Sin) RopeTables(TinyLlamaShape shape)
    {
        int half = shape.HeadDimension / 2;
        var cos = new float[shape.ContextLength * half];
        var sin = new float[shape.ContextLength * half];
        for (int pos = 0; pos < shape.ContextLength; pos++)
            for (int i = 0; i < half; i++)
            {
                double theta = pos * Math.Pow(shape.RopeFreqBase, -2.0 * i / shape.HeadDimension);
                cos[pos * half + i] = (float)Math.Cos(theta);
                sin[pos * half + i] = (float)Math.Sin(theta);
            }
        return (cos, sin);
    }

    private static int Padded(int n) => (n + 7) & ~7;

    // Per sequence and head, as three matrix products: S = Q·Kᵀ (scaled, causal mask, softmax → P), O = P·V.
    // P is stored [T × Tp] (Tp = T rounded up to 8, the matrix product's width unit) for the backward pass.
    private void AttentionForward(Activations a)
    {
        int tasks = _sequenceCount * _h;
        Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, task =>
        {
            int s = task / _h, head = task % _h;
            int start = _sequenceStart[s], length = _sequenceLength[s], padded = Padded(length);
            int stride = 3 * _d, q = start * stride + head * _hd, k = q + _d, v = q + 2 * _d;
            float scale = 1f / MathF.Sqrt(_hd);
            var keysT = new float[_hd * padded];
            for (int j = 0; j < length; j++)
                for (int c = 0; c < _hd; c++) keysT[c * padded + j] = a.Qkv[k + j * stride + c];
            int p0 = a.ProbabilityStart[s] + head * length * padded;
            Gemm.Multiply(length, padded, _hd, a.Qkv, q, stride, 1, keysT, 0, padded, a.Probabilities, p0, padded, false, 1);
            for (int i = 0; i < length; i++)
            {
                var row = a.Probabilities.AsSpan(p0 + i * padded, padded);
                var visible = row[..(i + 1)];
                TensorPrimitives.Multiply(visible, scale, visible);
                float max = TensorPrimitives.Max(visible);
                TensorPrimitives.Subtract(visible, max, visible);
                TensorPrimitives.Exp(visible, visible);
                TensorPrimitives.Multiply(visible, 1f / TensorPrimitives.Sum(visible), visible);
                row[(i + 1)..].Clear();
            }
            Gemm.Multiply(length, _hd, length, a.Probabilities, p0, padded, 1, a.Qkv, v, stride, a.Attention, start * _d + head * _hd, _d, false, 1);
        });
    }

    // Given dO (gradient wrt the attention output, [rows × D]), overwrites a.Qkv with d(q), d(k), d(v):
    // dP = dO·Vᵀ;  dS_ij = P_ij (dP_ij − Σ_j P_ij dP_ij) · scale;  dQ = dS·K;  dK = dSᵀ·Q;  dV = Pᵀ·dO.
    private void AttentionBackward(Activations a, float[] dOutput)
    {
        int tasks = _sequenceCount * _h;
        Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, task =>
        {
            int s = task / _h, head = task % _h;
            int start = _sequenceStart[s], length = _sequenceLength[s], padded = Padded(length);
            int stride = 3 * _d, q = start * stride + head * _hd, k = q + _d, v = q + 2 * _d;
            int o = start * _d + head * _hd;
            float scale = 1f / MathF.Sqrt(_hd);
            int p0 = a.ProbabilityStart[s] + head * length * padded;
            var valuesT = new float[_hd * padded];
            for (int j = 0; j < length; j++)
                for (int c = 0; c < _hd; c++) valuesT[c * padded + j] = a.Qkv[v + j * stride + c];
            var dScores = new float[length * padded];
            Gemm.Multiply(length, padded, _hd, dOutput, o, _d, 1, valuesT, 0, padded, dScores, 0, padded, false, 1);
            for (int i = 0; i < length; i++)
            {
                var p = a.Probabilities.AsSpan(p0 + i * padded, i + 1);
                var dp = dScores.AsSpan(i * padded, padded);
                float weighted = TensorPrimitives.Dot(p, dp[..(i + 1)]);
                for (int j = 0; j <= i; j++) dp[j] = p[j] * (dp[j] - weighted) * scale;
                dp[(i + 1)..].Clear();
            }
            var dq = new float[length * _hd];
            var dk = new float[length * _hd];
            var dv = new float[length * _hd];
            Gemm.Multiply(length, _hd, length, dScores, 0, padded, 1, a.Qkv, k, stride, dq, 0, _hd, false, 1);
            Gemm.Multiply(length, _hd, length, dScores, 0, 1, padded, a.Qkv, q, stride, dk, 0, _hd, false, 1);
            Gemm.Multiply(length, _hd, length, a.Probabilities, p0, 1, padded, dOutput, o, _d, dv, 0, _hd, false, 1);
            for (int i = 0; i < length; i++)
            {
                dq.AsSpan(i * _hd, _hd).CopyTo(a.Qkv.AsSpan(q + i * stride, _hd));
                dk.AsSpan(i * _hd, _hd).CopyTo(a.Qkv.AsSpan(k + i * stride, _hd));
                dv.AsSpan(i * _hd, _hd).CopyTo(a.Qkv.AsSpan(v + i * stride, _hd));
            }
        });
    }

    private static float Silu(float x) => x / (1f + MathF.Exp(-x));

    private static void Transpose(float[] source, int offset, int rows, int columns, float[] destination)
    {
        for (int r = 0; r < rows; r++)
        {
            int row = offset + r * columns;
            for (int c = 0; c < columns; c++) destination[c * rows + r] = source[row + c];
        }
    }

    private static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length) array = new T[Math.Max(length, array.Length + array.Length / 2)];
    }
}
