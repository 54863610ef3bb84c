using Workbench.Engine.Native.Handles;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

/// <summary>
/// The <c>llama_sampler_init_*</c> functions of llama.h's sampling API, each returning an owned
/// <see cref="SafeLlamaSamplerHandle"/> to add to a chain (<see cref="SafeLlamaSamplerHandle.Add"/>, which takes
/// ownership). A handle is invalid where llama.cpp returned NULL; <see cref="SafeLlamaSamplerHandle.Add"/> refuses it.
/// </summary>
internal static class LlamaSamplers
{
    /// <summary>Greedy (arg-max) selection (<c>llama_sampler_init_greedy</c>).</summary>
    public static SafeLlamaSamplerHandle Greedy() => new(LlamaNative.llama_sampler_init_greedy());

    /// <summary>Random selection from the distribution (<c>llama_sampler_init_dist</c>); seed 0xFFFFFFFF picks a
    /// random seed.</summary>
    public static SafeLlamaSamplerHandle Dist(uint seed) => new(LlamaNative.llama_sampler_init_dist(seed));

    /// <summary>Top-k filter (<c>llama_sampler_init_top_k</c>); k ≤ 0 is a no-op.</summary>
    public static SafeLlamaSamplerHandle TopK(int k) => new(LlamaNative.llama_sampler_init_top_k(k));

    /// <summary>Nucleus filter (<c>llama_sampler_init_top_p</c>), keeping at least <paramref name="minKeep"/> tokens.</summary>
    public static SafeLlamaSamplerHandle TopP(float p, int minKeep) => new(LlamaNative.llama_sampler_init_top_p(p, (nuint)minKeep));

    /// <summary>Min-p filter (<c>llama_sampler_init_min_p</c>), keeping at least <paramref name="minKeep"/> tokens.</summary>
    public static SafeLlamaSamplerHandle MinP(float p, int minKeep) => new(LlamaNative.llama_sampler_init_min_p(p, (nuint)minKeep));

    /// <summary>Temperature (<c>llama_sampler_init_temp</c>; t ≤ 0 keeps only the maximum logit).</summary>
    public static SafeLlamaSamplerHandle Temperature(float t) => new(LlamaNative.llama_sampler_init_temp(t));

    /// <summary>Repetition, frequency and presence penalties over the last <paramref name="lastN"/> accepted tokens
    /// (<c>llama_sampler_init_penalties</c>; lastN 0 disables, −1 = context size).</summary>
    public static SafeLlamaSamplerHandle Penalties(int vocabSize, int lastN, float repeat, float frequency, float presence) =>
        new(LlamaNative.llama_sampler_init_penalties(vocabSize, lastN, repeat, frequency, presence));

    /// <summary>A logit-bias sampler (<c>llama_sampler_init_logit_bias</c>) adding each bias (token id → bias, −∞
    /// bans) to that token's logit; the sampler copies the list.</summary>
    /// <param name="vocabSize">n_vocab; every id must be below it.</param>
    /// <param name="biases">Token id → bias.</param>
    public static SafeLlamaSamplerHandle LogitBias(int vocabSize, IReadOnlyDictionary<int, float> biases) =>
        new(LlamaNative.LogitBiasSampler(vocabSize, biases));

    /// <summary>A GBNF grammar constraint (<c>llama_sampler_init_grammar</c>). The handle is invalid when llama.cpp
    /// rejected the grammar (the reason is in <see cref="LlamaLog.ThreadLastError"/>).</summary>
    /// <param name="vocab">The vocabulary the grammar constrains (must stay loaded while the sampler lives).</param>
    /// <param name="gbnf">Grammar text.</param>
    /// <param name="root">Start rule name.</param>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public static SafeLlamaSamplerHandle Grammar(LlamaVocab vocab, string gbnf, string root)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        using var lease = vocab.Lease();
        return new(LlamaNative.llama_sampler_init_grammar(lease.Vocab, gbnf, root));
    }

    /// <summary>A lazy GBNF grammar constraint (<c>llama_sampler_init_grammar_lazy_patterns</c>): free text until a
    /// trigger pattern matches or a trigger token is sampled, then the grammar. Invalid when llama.cpp rejected it.</summary>
    /// <param name="vocab">The vocabulary the grammar constrains.</param>
    /// <param name="gbnf">Grammar text.</param>
    /// <param name="root">Start rule name.</param>
    /// <param name="triggerPatterns">Regexes over the output so far (validated by the caller).</param>
    /// <param name="triggerTokens">Token ids below n_vocab.</param>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public static SafeLlamaSamplerHandle GrammarLazy(LlamaVocab vocab, string gbnf, string root,
        IReadOnlyList<string> triggerPatterns, IReadOnlyList<int> triggerTokens)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        using var lease = vocab.Lease();
        return new(LlamaNative.GrammarLazyPatternsSampler(lease.Vocab, gbnf, root, triggerPatterns, triggerTokens));
    }
}
