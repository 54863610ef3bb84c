using System.Runtime.InteropServices;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

// llama.h "Sampling API". Every llama_sampler* is an IntPtr here. llama_sampler_chain_add TAKES OWNERSHIP of the
// added sampler: never free a sampler after adding it to a chain (the chain frees it).
internal static unsafe partial class LlamaNative
{
    /// <summary>Default sampler-chain parameters.</summary>
    [LibraryImport(LibLlama)]
    internal static partial LlamaSamplerChainParams llama_sampler_chain_default_params();

    /// <summary>Creates an empty sampler chain (free with <see cref="llama_sampler_free"/>).</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_chain_init(LlamaSamplerChainParams @params);

    /// <summary>Appends <paramref name="smpl"/> to <paramref name="chain"/>; the chain takes ownership.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_sampler_chain_add(IntPtr chain, IntPtr smpl);

    /// <summary>Sampler <paramref name="i"/> of a chain (borrowed), the chain itself for −1, or NULL.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_chain_get(IntPtr chain, int i);

    /// <summary>Number of samplers in a chain.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_sampler_chain_n(IntPtr chain);

    /// <summary>Removes sampler <paramref name="i"/> from a chain; the caller then owns it.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_chain_remove(IntPtr chain, int i);

    /// <summary>Greedy (arg-max) selection.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_greedy();

    /// <summary>Random selection from the distribution; <paramref name="seed"/> 0xFFFFFFFF = random seed.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_dist(uint seed);

    /// <summary>Top-k filter; k &lt;= 0 is a no-op.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_top_k(int k);

    /// <summary>Nucleus (top-p) filter.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_top_p(float p, nuint min_keep);

    /// <summary>Min-p filter.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_min_p(float p, nuint min_keep);

    /// <summary>Locally typical filter.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_typical(float p, nuint min_keep);

    /// <summary>Temperature (t &lt;= 0 keeps only the maximum logit).</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_temp(float t);

    /// <summary>Dynamic temperature.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_temp_ext(float t, float delta, float exponent);

    /// <summary>XTC sampler.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_xtc(float p, float t, nuint min_keep, uint seed);

    /// <summary>Top-n-sigma filter.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_top_n_sigma(float n);

    /// <summary>Mirostat 1.0 (selects the token).</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_mirostat(int n_vocab, uint seed, float tau, float eta, int m);

    /// <summary>Mirostat 2.0 (selects the token).</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_mirostat_v2(uint seed, float tau, float eta);

    /// <summary>GBNF grammar constraint; NULL when the grammar fails to parse (the reason is logged).</summary>
    [LibraryImport(LibLlama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr llama_sampler_init_grammar(IntPtr vocab, string grammar_str, string grammar_root);

    /// <summary>A lazy GBNF grammar: it constrains nothing until a trigger fires, then everything after it. A trigger is
    /// a token of <paramref name="trigger_tokens"/> (the grammar is fed from that token on) or a match of one of
    /// <paramref name="trigger_patterns"/> (std::regex, ECMAScript syntax) against the whole output so far — a pattern
    /// spelled <c>^…$</c> must match all of it, any other is searched for — and the grammar is fed from the pattern's
    /// first non-empty capture group. NULL when the grammar fails to parse. llama.cpp aborts the process on a
    /// pattern std::regex rejects and when the text fed at a trigger does not fit the grammar: check both first.</summary>
    [LibraryImport(LibLlama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr llama_sampler_init_grammar_lazy_patterns(IntPtr vocab, string grammar_str, string grammar_root,
        byte** trigger_patterns, nuint num_trigger_patterns, int* trigger_tokens, nuint num_trigger_tokens);

    /// <summary><see cref="llama_sampler_init_grammar_lazy_patterns"/> over managed lists: each pattern is copied to
    /// a NUL-terminated UTF-8 string for the call (the sampler keeps its own copies). Returns the raw sampler for a
    /// chain to own, or NULL when the grammar fails to parse.</summary>
    internal static IntPtr GrammarLazyPatternsSampler(IntPtr vocab, string grammar_str, string grammar_root,
        IReadOnlyList<string> trigger_patterns, IReadOnlyList<int> trigger_tokens)
    {
        var patterns = new IntPtr[trigger_patterns.Count];
        try
        {
            for (int i = 0; i < patterns.Length; i++) patterns[i] = Marshal.StringToCoTaskMemUTF8(trigger_patterns[i]);
            var tokens = trigger_tokens.ToArray();
            fixed (IntPtr* p = patterns)
            fixed (int* t = tokens)
                return llama_sampler_init_grammar_lazy_patterns(vocab, grammar_str, grammar_root,
                    (byte**)p, (nuint)patterns.Length, t, (nuint)tokens.Length);
        }
        finally
        {
            foreach (var pattern in patterns) Marshal.FreeCoTaskMem(pattern);
        }
    }

    /// <summary>Repetition / frequency / presence penalties over the last <paramref name="penalty_last_n"/> tokens.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_penalties(int n_vocab, int penalty_last_n, float penalty_repeat,
        float penalty_freq, float penalty_present);

    /// <summary>DRY repetition penalty; <paramref name="seq_breakers"/> is an array of UTF-8 strings.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_dry(IntPtr vocab, float dry_multiplier, float dry_base,
        int dry_allowed_length, int dry_penalty_last_n, byte** seq_breakers, nuint num_breakers);

    /// <summary>Logit biases (copied by the sampler).</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_init_logit_bias(int n_vocab, int n_logit_bias, LlamaLogitBias* logit_bias);

    /// <summary>A logit-bias sampler adding each bias of <paramref name="biases"/> (token id → bias, −∞ bans) to
    /// that token's logit; the sampler copies the list. Returns the raw sampler for a chain to own.</summary>
    /// <param name="n_vocab">The model's vocabulary size; every id must be below it.</param>
    /// <param name="biases">Token id → bias.</param>
    internal static IntPtr LogitBiasSampler(int n_vocab, IReadOnlyDictionary<int, float> biases)
    {
        var entries = new LlamaLogitBias[biases.Count];
        var i = 0;
        foreach (var (token, bias) in biases) entries[i++] = new LlamaLogitBias { token = token, bias = bias };
        fixed (LlamaLogitBias* p = entries)
            return llama_sampler_init_logit_bias(n_vocab, entries.Length, p);
    }

    /// <summary>Seed used by a sampler, or 0xFFFFFFFF.</summary>
    [LibraryImport(LibLlama)]
    internal static partial uint llama_sampler_get_seed(IntPtr smpl);

    /// <summary>Samples and accepts a token from output <paramref name="idx"/> (−1 = last) of the last decode.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_sampler_sample(IntPtr smpl, IntPtr ctx, int idx);

    /// <summary>Name of a sampler; borrowed.</summary>
    [LibraryImport(LibLlama)]
    internal static partial byte* llama_sampler_name(IntPtr smpl);

    /// <summary>Tells a sampler which token was chosen (updates penalties, grammar state, ...).</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_sampler_accept(IntPtr smpl, int token);

    /// <summary>Applies a sampler to the candidates in place.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_sampler_apply(IntPtr smpl, LlamaTokenDataArray* cur_p);

    /// <summary>Resets a sampler's state.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_sampler_reset(IntPtr smpl);

    /// <summary>Clones a sampler (the clone is owned by the caller).</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_sampler_clone(IntPtr smpl);

    /// <summary>Frees a sampler. Do not call on a sampler owned by a chain.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_sampler_free(IntPtr smpl);

    /// <summary>Resets a chain's timings.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_perf_sampler_reset(IntPtr chain);
}
