using Workbench.Engine.Grammar;
using Workbench.Engine.Inference;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Handles;
using Workbench.Engine.Native.Structs;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tests.Grammar.JsonSchema;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Sampling;

/// <summary>Grammar-based rejection sampling (the grammar asked about the chain's choice first, and applied to the
/// whole vocabulary only when it rejects it) against the grammar-first chain it replaces, on stories260K's real
/// vocabulary and llama.cpp's real grammar sampler: the same greedy tokens step by step, only allowed tokens, and
/// at temperature 1 the same distribution (the allowed tokens' softmax, renormalised).</summary>
public sealed class TokenSamplerTests : IDisposable
{
    // A tool-call-like sentence: fixed structure (where the chain's choice is almost always rejected) and a free
    // string (where it is mostly allowed), so both paths run.
    private const string CallGrammar = """root ::= "{\"city\": \"" [a-zA-Z ,.]{1,60} "\"}" """;

    private readonly LlamaModel model;

    public TokenSamplerTests()
    {
        TestModels.InitializeBackend();
        model = LlamaModel.Load(TestModels.Path("stories260K.gguf"), 0, vocabOnly: true, null, CancellationToken.None);
    }

    public void Dispose() => model.Dispose();

    [Fact]
    public void Greedy_PicksWhatTheGrammarFirstChainPicks_StepByStep()
    {
        var options = new SamplingOptions { Temperature = 0, TopK = 0, TopP = 1, MinP = 0, RepeatPenalty = 1, Grammar = CallGrammar };
        var random = new Random(11);
        int fastSteps = 0, rejectedSteps = 0;
        for (int run = 0; run < 20; run++)
        {
            using var sampler = SamplerChainBuilder.Build(options, model, []);
            using var reference = GrammarFirstChain(options.Grammar!, LlamaSamplers.Greedy());
            using var view = GrammarOnly(options.Grammar!);
            var candidates = new LlamaTokenData[model.VocabSize];
            var allowed = new bool[model.VocabSize];
            for (int step = 0; step < 40; step++)
            {
                var logits = RandomLogits(random);
                view.ApplyToVocabulary(candidates, allowed);
                int argmax = GreedyArgmax.Select(logits, null);
                if (allowed[argmax]) fastSteps++; else rejectedSteps++;

                int expected = reference.SampleAndAccept(logits, candidates);
                int got = sampler.SampleAndAccept(logits, candidates);
                Assert.Equal(expected, got);
                if (got < 0 || model.IsEndOfGeneration(got)) break;
                Assert.True(allowed[got], $"token {got} is not allowed by the grammar at step {step}");
                view.Accept(got);
            }
        }
        Assert.True(fastSteps > 50, $"only {fastSteps} steps took the chain's own choice");
        Assert.True(rejectedSteps > 50, $"only {rejectedSteps} steps were resampled under the grammar");
    }

    [Fact]
    public void Temperature1_SamplesTheAllowedTokensSoftmax()
    {
        // At the first free character most of the probability sits on tokens the grammar forbids.
        var options = new SamplingOptions { Temperature = 1, TopK = 0, TopP = 1, MinP = 0, RepeatPenalty = 1, Grammar = CallGrammar };
        var prefix = Tokens("{\"city\": \"");
        var candidates = new LlamaTokenData[model.VocabSize];
        var allowed = new bool[model.VocabSize];
        using (var view = GrammarOnly(options.Grammar!))
        {
            foreach (var token in prefix) view.Accept(token);
            view.ApplyToVocabulary(candidates, allowed);
        }
        // A few allowed tokens carry the allowed mass (so the sampling noise of 10,000 draws is small), and the
        // forbidden ones weigh more than all of them together.
        var logits = new float[model.VocabSize];
        var favourites = Enumerable.Range(0, model.VocabSize).Where(id => allowed[id]).Take(5).ToArray();
        Assert.Equal(5, favourites.Length);
        for (int id = 0; id < model.VocabSize; id++) logits[id] = allowed[id] ? -20 : 2.5f;
        for (int i = 0; i < favourites.Length; i++) logits[favourites[i]] = 5 - i;
        double max = logits.Max(), allowedMass = 0, total = 0;
        var expected = new double[model.VocabSize];
        for (int id = 0; id < model.VocabSize; id++)
        {
            double weight = Math.Exp(logits[id] - max);
            total += weight;
            if (allowed[id]) { expected[id] = weight; allowedMass += weight; }
        }
        for (int id = 0; id < model.VocabSize; id++) expected[id] /= allowedMass;
        Assert.InRange(allowedMass / total, 0.05, 0.8); // so rejections are common

        const int draws = 10_000;
        var counts = new int[model.VocabSize];
        for (uint seed = 1; seed <= draws; seed++)
        {
            using var sampler = SamplerChainBuilder.Build(options with { Seed = seed }, model, []);
            foreach (var token in prefix) { sampler.Grammar!.Accept(token); sampler.Chain.Accept(token); }
            int got = sampler.SampleAndAccept(logits, candidates);
            Assert.True(got >= 0 && allowed[got], $"seed {seed} sampled token {got}, which the grammar forbids");
            counts[got]++;
        }
        double distance = 0.5 * Enumerable.Range(0, model.VocabSize).Sum(id => Math.Abs(counts[id] / (double)draws - expected[id]));
        Assert.True(distance < 0.02, $"total variation distance {distance:F4} from the allowed tokens' softmax; " +
            string.Join(", ", favourites.Select(f => $"{f}: {counts[f] / (double)draws:F4} vs {expected[f]:F4}")) + $"; others {counts.Where((c, id) => !favourites.Contains(id)).Sum() / (double)draws:F4}");
    }

    private float[] RandomLogits(Random random)
    {
        var logits = new float[model.VocabSize];
        for (int i = 0; i < logits.Length; i++) logits[i] = (float)(random.NextDouble() * 6);
        return logits;
    }

    private int[] Tokens(string text)
    {
        // One single-byte token per character (stories260K has one for every byte), as the grammar reads them.
        var byteTokens = GrammarAcceptance.ByteTokens(model);
        return [.. System.Text.Encoding.UTF8.GetBytes(text).Select(b => byteTokens[b])];
    }

    private SafeLlamaSamplerHandle GrammarFirstChain(string gbnf, SafeLlamaSamplerHandle last)
    {
        var chain = SafeLlamaSamplerHandle.CreateChain();
        chain.Add(GbnfGrammar.CreateSampler(gbnf, model));
        chain.Add(last);
        return chain;
    }

    private SafeLlamaSamplerHandle GrammarOnly(string gbnf)
    {
        var chain = SafeLlamaSamplerHandle.CreateChain();
        chain.Add(GbnfGrammar.CreateSampler(gbnf, model));
        return chain;
    }
}
