using Workbench.Engine.Grammar;
using Workbench.Engine.Inference;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Handles;

namespace Workbench.Engine.Sampling;

/// <summary>
/// Builds a llama.cpp sampler chain from <see cref="SamplingOptions"/>, in llama-server's order:
/// logit bias (OpenAI's <c>logit_bias</c> merged with the ignore_eos bans, as llama-server's common_sampler_init merges
/// them) → penalties(last_n, repeat, frequency, presence) → top_k → top_p → min_p → temperature → dist(seed), or
/// greedy when the temperature is 0; and the grammar sampler beside the chain, as llama-server's common_sampler keeps
/// it (<see cref="TokenSampler"/> samples with both). Each generation gets its own sampler: its own penalty history,
/// grammar state and random generator, so a seeded run is reproducible whatever else the engine is doing.
/// </summary>
internal static class SamplerChainBuilder
{
    /// <summary>llama.h <c>LLAMA_DEFAULT_SEED</c>: the dist sampler then picks a random seed.</summary>
    private const uint RandomSeed = 0xFFFFFFFF;

    /// <summary>Builds the chain.</summary>
    /// <param name="options">Validated sampling options.</param>
    /// <param name="model">The model (vocabulary size, vocabulary for the grammar).</param>
    /// <param name="promptTokens">The prompt; its last <see cref="SamplingOptions.RepeatLastN"/> tokens seed the
    /// penalty history, as llama-server does.</param>
    /// <returns>The sampler; the caller owns it.</returns>
    /// <exception cref="GrammarException">The grammar does not parse.</exception>
    public static TokenSampler Build(SamplingOptions options, LlamaModel model, ReadOnlySpan<int> promptTokens)
    {
        var chain = SafeLlamaSamplerHandle.CreateChain();
        SafeLlamaSamplerHandle? grammar = null;
        try
        {
            if (LogitBiasSampler(options, model) is { } bias) chain.Add(bias);
            var penalties = LlamaSamplers.Penalties(
                model.VocabSize, options.RepeatLastN, options.RepeatPenalty, options.FrequencyPenalty, options.PresencePenalty);
            var history = promptTokens[Math.Max(0, promptTokens.Length - options.RepeatLastN)..];
            foreach (var token in history) penalties.Accept(token); // before the chain owns it: same state
            chain.Add(penalties);

            if (!string.IsNullOrEmpty(options.Grammar)) grammar = GbnfGrammar.CreateSampler(options, model); // lazy when it has triggers

            chain.Add(LlamaSamplers.TopK(options.TopK));
            chain.Add(LlamaSamplers.TopP(options.TopP, 1));
            chain.Add(LlamaSamplers.MinP(options.MinP, 1));
            if (options.Temperature == 0)
            {
                chain.Add(LlamaSamplers.Greedy());
            }
            else
            {
                chain.Add(LlamaSamplers.Temperature(options.Temperature));
                chain.Add(LlamaSamplers.Dist(options.Seed ?? RandomSeed));
            }
            return new TokenSampler(chain, grammar);
        }
        catch
        {
            grammar?.Dispose();
            chain.Dispose();
            throw;
        }
    }

    /// <summary>One logit-bias sampler for the user's biases and the ignore_eos bans (−∞ wins over a user bias
    /// of the same token), or null when there are neither.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A biased token id is not below n_vocab.</exception>
    private static SafeLlamaSamplerHandle? LogitBiasSampler(SamplingOptions options, LlamaModel model)
    {
        var biases = new Dictionary<int, float>();
        foreach (var (token, bias) in options.LogitBias ?? new Dictionary<int, float>())
        {
            if (token < 0 || token >= model.VocabSize)
                throw new SamplingOptionException("logit_bias", $"'logit_bias' key {token} is not a token id of this model (0 to {model.VocabSize - 1}).");
            biases[token] = bias;
        }
        if (options.IgnoreEos)
        {
            foreach (var token in model.EndOfGenerationTokens) biases[token] = float.NegativeInfinity;
        }
        return biases.Count == 0 ? null : LlamaSamplers.LogitBias(model.VocabSize, biases);
    }
}
