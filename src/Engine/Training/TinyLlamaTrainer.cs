using System.Diagnostics;

namespace Workbench.Engine.Training;

/// <summary>How <see cref="TinyLlamaTrainer"/> trains.</summary>
/// <param name="Seed">Seeds the initial weights and the order of the examples; the same seed, data and options
/// give the same weights bit for bit (any thread count).</param>
/// <param name="LearningRate">Peak learning rate of AdamW.</param>
/// <param name="BatchSize">Sequences per optimizer step.</param>
/// <param name="Steps">Optimizer steps (the schedule's length).</param>
/// <param name="WarmupSteps">Steps of linear warm-up from 0 to <paramref name="LearningRate"/>; then a cosine decay
/// to <paramref name="MinLearningRateFraction"/> × the peak at the last step.</param>
/// <param name="MinLearningRateFraction">Where the cosine decay ends, as a fraction of the peak.</param>
/// <param name="WeightDecay">Decoupled weight decay λ (Loshchilov and Hutter, "Decoupled Weight Decay
/// Regularization", 2019) on every matrix and the embedding, not on norm weights.</param>
/// <param name="GradientClip">The gradient is scaled down to this global L2 norm when it is longer.</param>
/// <param name="Beta1">Adam's β₁.</param>
/// <param name="Beta2">Adam's β₂.</param>
/// <param name="Epsilon">Adam's ε.</param>
/// <param name="Threads">Worker threads; 0 = all cores.</param>
public sealed record TrainerOptions(
    int Seed = 1,
    float LearningRate = 1e-3f,
    int BatchSize = 16,
    int Steps = 1000,
    int WarmupSteps = 50,
    float MinLearningRateFraction = 0.1f,
    float WeightDecay = 0.1f,
    float GradientClip = 1f,
    float Beta1 = 0.9f,
    float Beta2 = 0.95f,
    float Epsilon = 1e-8f,
    int Threads = 0)
{
    /// <summary>Checks the options; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0 && LearningRate <= 0.1f)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be in (0, 0.1].");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Steps must be at least 1.");
        if (WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "WarmupSteps must not be negative.");
        if (!(GradientClip > 0)) throw new ArgumentOutOfRangeException(nameof(GradientClip), GradientClip, "GradientClip must be positive.");
    }

    /// <summary>The learning rate at <paramref name="step"/> (0-based): linear warm-up, then cosine decay.</summary>
    public float LearningRateAt(int step)
    {
        if (step < WarmupSteps) return LearningRate * (step + 1) / WarmupSteps;
        int decaySteps = Math.Max(1, Steps - WarmupSteps);
        double progress = Math.Clamp((double)(step - WarmupSteps) / decaySteps, 0, 1);
        double floor = MinLearningRateFraction;
        return (float)(LearningRate * (floor + (1 - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress))));
    }
}

/// <summary>One optimizer step as the trainer reports it.</summary>
/// <param name="Step">Steps done (1-based).</param>
/// <param name="Steps">Steps planned.</param>
/// <param name="Loss">Mean cross-entropy over this step's target tokens, in nats.</param>
/// <param name="LearningRate">The learning rate used.</param>
/// <param name="GradientNorm">Global L2 norm of the gradient before clipping.</param>
/// <param name="Tokens">Tokens processed so far (all positions, not only targets).</param>
/// <param name="TokensPerSecond">Tokens per second over the whole run so far.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record TrainingStep(int Step, int Steps, float Loss, float LearningRate, float GradientNorm, long Tokens, double TokensPerSecond, TimeSpan Elapsed);

/// <summary>
/// Trains a <see cref="TinyLlamaShape"/> model with AdamW on <see cref="TrainingSequence"/>s, the loss on target
/// tokens only, with warm-up + cosine learning rate and global-norm gradient clipping — the loop every
/// pre-training and SFT run has, at a size two CPU cores finish in minutes.
/// </summary>
public sealed class TinyLlamaTrainer
{
    private readonly TrainerOptions _options;
    private readonly float[] _m, _v;
    private readonly bool[] _decay;
    private int _step;

    /// <summary>Creates a trainer with fresh seeded weights or <paramref name="initialWeights"/> (fine-tuning).</summary>
    /// <param name="shape">The model's shape.</param>
    /// <param name="options">Training options.</param>
    /// <param name="initialWeights">Weights to start from (layout of <see cref="TinyLlamaParameters"/>), or null.</param>
    public TinyLlamaTrainer(TinyLlamaShape shape, TrainerOptions options, float[]? initialWeights = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Layout = new TinyLlamaParameters(shape);
        float[] weights = initialWeights is null ? Layout.Initialize(options.Seed) : (float[])initialWeights.Clone();
        if (weights.Length != Layout.Count) throw new ArgumentException($"The initial weights have {weights.Length} floats; the shape needs {Layout.Count}.", nameof(initialWeights));
        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        Network = new TinyLlamaNetwork(Layout, weights, threads);
        _m = new float[Layout.Count];
        _v = new float[Layout.Count];
        _decay = new bool[Layout.Count];
        for (int i = 0; i < _decay.Length; i++) _decay[i] = !Layout.IsNorm(i);
    }

    /// <summary>The parameter layout.</summary>
    public TinyLlamaParameters Layout { get; }

    /// <summary>The network (its <see cref="TinyLlamaNetwork.Weights"/> are the current weights).</summary>
    public TinyLlamaNetwork Network { get; }

    /// <summary>Steps done so far.</summary>
    public int StepsDone => _step;

    /// <summary>
    /// Trains for <see cref="TrainerOptions.Steps"/> steps (or until <paramref name="maxTime"/> or cancellation).
    /// Each step takes the next <see cref="TrainerOptions.BatchSize"/> sequences of a seeded shuffle of
    /// <paramref name="data"/> (reshuffled every epoch).
    /// </summary>
    /// <param name="data">Training sequences (each at most n_ctx_train tokens).</param>
    /// <param name="onStep">Called after every step (on the training thread).</param>
    /// <param name="maxTime">Stops early after this long, or null.</param>
    /// <param name="cancellationToken">Stops after the current step.</param>
    /// <returns>The last step's report, or null when no step ran.</returns>
    public TrainingStep? Train(IReadOnlyList<TrainingSequence> data, Action<TrainingStep>? onStep, TimeSpan? maxTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0) throw new ArgumentException("No training sequences.", nameof(data));
        var random = new Random(_options.Seed ^ 0x5EED);
        var order = Enumerable.Range(0, data.Count).ToArray();
        int cursor = order.Length;
        var batch = new List<TrainingSequence>(_options.BatchSize);
        var clock = Stopwatch.StartNew();
        long tokens = 0;
        TrainingStep? last = null;
        while (_step < _options.Steps && !cancellationToken.IsCancellationRequested && (maxTime is null || clock.Elapsed < maxTime))
        {
            batch.Clear();
            while (batch.Count < _options.BatchSize)
            {
                if (cursor == order.Length) { random.Shuffle(order); cursor = 0; }
                batch.Add(data[order[cursor++]]);
            }
            foreach (var sequence in batch) tokens += sequence.Tokens.Length;
            Network.ClearGradients();
            var (loss, _) = Network.ForwardBackward(batch);
            float learningRate = _options.LearningRateAt(_step);
            float norm = ApplyAdamW(learningRate);
            _step++;
            last = new TrainingStep(_step, _options.Steps, loss, learningRate, norm, tokens, tokens / Math.Max(1e-9, clock.Elapsed.TotalSeconds), clock.Elapsed);
            onStep?.Invoke(last);
        }
        return last;
    }

    /// <summary>Greedy continuation of <paramref name="prompt"/> until <paramref name="stopToken"/> or
    /// <paramref name="maxTokens"/>; the stop token is not included.</summary>
    public IReadOnlyList<int> Generate(IReadOnlyList<int> prompt, int maxTokens, int stopToken) =>
        Greedy(Network, prompt, maxTokens, stopToken);

    /// <summary>Greedy decoding with <paramref name="network"/> (argmax of the next-token logits at each step), with a
    /// KV cache (<see cref="TinyLlamaDecoder"/>).</summary>
    public static IReadOnlyList<int> Greedy(TinyLlamaNetwork network, IReadOnlyList<int> prompt, int maxTokens, int stopToken) =>
        new TinyLlamaDecoder(network).Greedy(prompt, maxTokens, stopToken);

    // AdamW (Loshchilov & Hutter 2019, Algorithm 2) with bias correction, after clipping the gradient to a global
    // L2 norm. Returns the norm before clipping.
    private float ApplyAdamW(float learningRate)
    {
        float[] w = Network.Weights, g = Network.Gradients;
        double sumSquares = 0;
        for (int i = 0; i < g.Length; i++) sumSquares += (double)g[i] * g[i];
        float norm = (float)Math.Sqrt(sumSquares);
        float clip = norm > _options.GradientClip ? _options.GradientClip / norm : 1f;
        float b1 = _options.Beta1, b2 = _options.Beta2;
        int t = _step + 1;
        float correction1 = 1f - MathF.Pow(b1, t), correction2 = 1f - MathF.Pow(b2, t);
        float stepSize = learningRate / correction1;
        float decay = learningRate * _options.WeightDecay;
        float epsilon = _options.Epsilon;
        for (int i = 0; i < w.Length; i++)
        {
            float grad = g[i] * clip;
            float m = _m[i] = b1 * _m[i] + (1 - b1) * grad;
            float v = _v[i] = b2 * _v[i] + (1 - b2) * grad * grad;
            if (_decay[i]) w[i] -= decay * w[i];
            w[i] -= stepSize * m / (MathF.Sqrt(v / correction2) + epsilon);
        }
        Network.WeightsChanged();
        return norm;
    }
}
