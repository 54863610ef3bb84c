using Workbench.Engine.Training;
using Xunit;

namespace Workbench.Engine.Tests.Training;

/// <summary>The trainer's arithmetic: the matrix product against the definition, the backward pass against finite
/// differences of the forward pass, and training that lowers the loss identically on one and two threads.</summary>
public sealed class TinyLlamaNetworkTests
{
    private static readonly TinyLlamaShape Small = new(VocabSize: 24, ContextLength: 12, EmbeddingLength: 16, BlockCount: 2, HeadCount: 2, FeedForwardLength: 24);

    [Theory]
    [InlineData(1, 8, 1)]
    [InlineData(7, 24, 5)]
    [InlineData(13, 40, 33)]
    [InlineData(64, 128, 96)]
    public void Multiply_matches_the_definition_for_plain_and_transposed_A_with_and_without_accumulate(int m, int n, int k)
    {
        var random = new Random(m * 1000 + n * 10 + k);
        float[] Fill(int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] a = Fill(m * k + 3), b = Fill(k * n + 5), start = Fill(m * n + 2);
        foreach (bool transposed in new[] { false, true })
            foreach (bool accumulate in new[] { false, true })
                foreach (int threads in new[] { 1, 2 })
                {
                    // A(i, p) at a[3 + i·k + p] (row-major) or a[3 + p·m + i] (stored transposed).
                    int strideM = transposed ? 1 : k, strideK = transposed ? m : 1;
                    var c = (float[])start.Clone();
                    Gemm.Multiply(m, n, k, a, 3, strideM, strideK, b, 5, n, c, 2, n, accumulate, threads);
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                        {
                            double expected = accumulate ? start[2 + i * n + j] : 0;
                            for (int p = 0; p < k; p++) expected += a[3 + i * strideM + p * strideK] * b[5 + p * n + j];
                            Assert.True(Math.Abs(expected - c[2 + i * n + j]) < 1e-4 * Math.Max(1, k), $"C[{i},{j}] = {c[2 + i * n + j]}, expected {expected} (transposed {transposed}, accumulate {accumulate})");
                        }
                    Assert.Equal(start[0], c[0]);
                    Assert.Equal(start[1], c[1]);
                }
    }

    [Fact]
    public void Multiply_refuses_a_width_that_is_not_a_multiple_of_8_and_a_matrix_past_its_array()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(2, 6, 2, new float[4], 0, 2, 1, new float[12], 0, 6, new float[12], 0, 6, false, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(2, 8, 2, new float[3], 0, 2, 1, new float[16], 0, 8, new float[16], 0, 8, false, 1));
    }

    [Fact]
    public void Backward_pass_matches_central_finite_differences_of_the_loss_for_every_kind_of_weight()
    {
        var layout = new TinyLlamaParameters(Small);
        var weights = layout.Initialize(seed: 3);
        // Larger weights than the 0.02 initialisation, so every path carries a gradient well above float noise.
        var random = new Random(4);
        for (int i = 0; i < weights.Length; i++) weights[i] += (float)(random.NextDouble() - 0.5) * 0.6f;
        var batch = new[]
        {
            Sequence([1, 5, 9, 2, 7, 7, 3, 11, 4], targetsFrom: 3),
            Sequence([2, 8, 8, 1, 0, 23, 6], targetsFrom: 1),
        };
        var network = new TinyLlamaNetwork(layout, weights, threads: 1);
        network.ClearGradients();
        network.ForwardBackward(batch);
        var analytic = (float[])network.Gradients.Clone();

        var probes = new List<(string Name, int Index)>();
        void Probe(string name, int offset, int count) { for (int i = 0; i < 4; i++) probes.Add((name, offset + (i * 7919 + 13) % count)); }
        int d = Small.EmbeddingLength, f = Small.FeedForwardLength;
        Probe("token_embd (rows of tokens in the batch)", layout.TokenEmbedding + 7 * d, d);
        Probe("token_embd (output rows)", layout.TokenEmbedding + 11 * d, d);
        foreach (var block in layout.Blocks)
        {
            Probe("attn_norm", block.AttentionNorm, d);
            Probe("attn_q", block.QueryKeyValue, d * d);
            Probe("attn_k", block.QueryKeyValue + d * d, d * d);
            Probe("attn_v", block.QueryKeyValue + 2 * d * d, d * d);
            Probe("attn_output", block.AttentionOutput, d * d);
            Probe("ffn_norm", block.FeedForwardNorm, d);
            Probe("ffn_gate", block.GateUp, f * d);
            Probe("ffn_up", block.GateUp + f * d, f * d);
            Probe("ffn_down", block.Down, d * f);
        }
        Probe("output_norm", layout.OutputNorm, d);

        const float h = 1e-2f;
        int checkedCount = 0;
        foreach (var (name, index) in probes)
        {
            float saved = weights[index];
            weights[index] = saved + h; network.WeightsChanged();
            double plus = network.Loss(batch).Loss;
            weights[index] = saved - h; network.WeightsChanged();
            double minus = network.Loss(batch).Loss;
            weights[index] = saved; network.WeightsChanged();
            double numeric = (plus - minus) / (2 * h);
            double error = Math.Abs(numeric - analytic[index]);
            Assert.True(error <= 2e-3 + 0.05 * Math.Abs(numeric), $"{name}[{index}]: backward {analytic[index]:G5}, finite difference {numeric:G5}");
            if (Math.Abs(numeric) > 1e-4) checkedCount++;
        }
        Assert.True(checkedCount > probes.Count / 2, $"Only {checkedCount} of {probes.Count} probes had a gradient to compare.");
    }

    [Fact]
    public void Loss_counts_only_target_positions()
    {
        var layout = new TinyLlamaParameters(Small);
        var network = new TinyLlamaNetwork(layout, layout.Initialize(5), threads: 1);
        var tokens = new[] { 1, 2, 3, 4, 5, 6 };
        var (_, none) = network.Loss([new TrainingSequence(tokens, new bool[6])]);
        Assert.Equal(0, none);
        var (lossA, countA) = network.Loss([new TrainingSequence(tokens, [false, false, false, true, true, true])]);
        var changed = new[] { 9, 9, 9, 4, 5, 6 };
        var (lossB, _) = network.Loss([new TrainingSequence(changed, [false, false, false, true, true, true])]);
        Assert.Equal(3, countA);
        // An untrained model predicts ~uniformly: ln(V) nats.
        Assert.InRange(lossA, Math.Log(Small.VocabSize) - 0.2, Math.Log(Small.VocabSize) + 0.2);
        Assert.NotEqual(lossA, lossB); // the context changes the prediction of the targets
    }

    [Fact]
    public void Training_learns_a_copy_task_and_is_identical_on_one_and_two_threads()
    {
        // Copy task: "a b c d SEP a b c d" — the second half is the target, which needs attention to look back.
        var random = new Random(8);
        var data = new List<TrainingSequence>();
        for (int i = 0; i < 200; i++)
        {
            var first = Enumerable.Range(0, 5).Select(_ => 3 + random.Next(20)).ToArray();
            int[] tokens = [1, .. first, 2, .. first];
            data.Add(new TrainingSequence(tokens, tokens.Select((_, p) => p > 6).ToArray()));
        }
        var shape = Small with { ContextLength = 16, EmbeddingLength = 32, HeadCount = 4, FeedForwardLength = 64 };
        float[] Train(int threads, out float firstLoss, out float lastLoss)
        {
            var trainer = new TinyLlamaTrainer(shape, new TrainerOptions(Seed: 2, LearningRate: 3e-3f, BatchSize: 16, Steps: 150, WarmupSteps: 10, Threads: threads));
            float first = float.NaN;
            var last = trainer.Train(data, step => { if (step.Step == 1) first = step.Loss; }, null, CancellationToken.None);
            firstLoss = first;
            lastLoss = last!.Loss;
            return trainer.Network.Weights;
        }
        var one = Train(1, out float first1, out float last1);
        var two = Train(2, out _, out float last2);
        Assert.InRange(first1, 2.5, 3.5);            // ≈ ln 20 at the start
        Assert.True(last1 < 0.5, $"loss after 150 steps {last1}");
        Assert.Equal(last1, last2);
        Assert.Equal(one, two);
    }

    [Fact]
    public void The_KV_cache_decoder_gives_the_same_tokens_as_recomputing_the_whole_prefix()
    {
        // A model that learned the copy task writes varied tokens, so a wrong cache would show.
        var random = new Random(8);
        var data = Enumerable.Range(0, 200).Select(_ =>
        {
            var first = Enumerable.Range(0, 5).Select(_ => 3 + random.Next(20)).ToArray();
            int[] tokens = [1, .. first, 2, .. first];
            return new TrainingSequence(tokens, tokens.Select((_, p) => p > 6).ToArray());
        }).ToList();
        var shape = Small with { ContextLength = 16, EmbeddingLength = 32, HeadCount = 4, FeedForwardLength = 64 };
        var trainer = new TinyLlamaTrainer(shape, new TrainerOptions(Seed: 2, LearningRate: 3e-3f, BatchSize: 16, Steps: 150, WarmupSteps: 10, Threads: 1));
        trainer.Train(data, null, null, CancellationToken.None);
        var network = trainer.Network;
        foreach (int[] prompt in new[] { new[] { 1, 7, 3, 12, 5, 9, 2 }, new[] { 1, 20, 21, 4, 4, 8, 2, 20 } })
        {
            var expected = new List<int>();
            var context = new List<int>(prompt);
            while (context.Count < shape.ContextLength)
            {
                float[] logits = network.NextTokenLogits(context);
                int best = Array.IndexOf(logits, logits.Max());
                expected.Add(best);
                context.Add(best);
            }
            var actual = new TinyLlamaDecoder(network).Greedy(prompt, maxTokens: 100, stopToken: -1);
            Assert.Equal(expected, actual); // and the context window bounds the reply
            Assert.True(expected.Distinct().Count() >= 3, $"a varied continuation: {string.Join(' ', expected)}");
        }
    }

    private static TrainingSequence Sequence(int[] tokens, int targetsFrom) =>
        new(tokens, tokens.Select((_, i) => i >= targetsFrom).ToArray());
}
