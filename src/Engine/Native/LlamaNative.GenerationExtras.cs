using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

// Pointer-level helpers of the generation scheduler (owned by the scheduler's author), kept here because only
// Native/ touches pointers: filling a llama_batch (llama.cpp common.h's common_batch_add), reading a logits row,
// sampling with a check before accepting, and an abort callback that reads a flag.
internal static unsafe partial class LlamaNative
{
    /// <summary>A logit-bias sampler that bans <paramref name="tokens"/> (bias −∞), as llama-server does for
    /// <c>ignore_eos</c>; the sampler copies the list. Returns the raw sampler for a chain to own.</summary>
    internal static IntPtr BanTokensSampler(int nVocab, ReadOnlySpan<int> tokens)
    {
        var biases = new LlamaLogitBias[tokens.Length];
        for (var i = 0; i < tokens.Length; i++) biases[i] = new LlamaLogitBias { token = tokens[i], bias = float.NegativeInfinity };
        fixed (LlamaLogitBias* p = biases)
            return llama_sampler_init_logit_bias(nVocab, biases.Length, p);
    }

    /// <summary>Empties a batch (common.h <c>common_batch_clear</c>).</summary>
    internal static void common_batch_clear(ref LlamaBatch batch) => batch.n_tokens = 0;

    /// <summary>Appends one token of one sequence (common.h <c>common_batch_add</c>); the batch must have room
    /// (allocated by <see cref="llama_batch_init"/> with enough tokens and n_seq_max ≥ 1).</summary>
    internal static void common_batch_add(ref LlamaBatch batch, int token, int pos, int seqId, bool logits)
    {
        var i = batch.n_tokens;
        batch.token[i] = token;
        batch.pos[i] = pos;
        batch.n_seq_id[i] = 1;
        batch.seq_id[i][0] = seqId;
        batch.logits[i] = logits ? (sbyte)1 : (sbyte)0;
        batch.n_tokens = i + 1;
    }

    /// <summary>The logits of batch token <paramref name="i"/> after the last decode: n_vocab floats owned by the
    /// context, valid until the next decode (<c>llama_get_logits_ith</c>).</summary>
    /// <exception cref="InvalidOperationException">llama.cpp has no logits for that index.</exception>
    internal static ReadOnlySpan<float> LogitsRow(IntPtr ctx, int i, int nVocab)
    {
        var row = llama_get_logits_ith(ctx, i);
        if (row == null) throw new InvalidOperationException($"llama.cpp returned no logits for batch index {i}.");
        return new ReadOnlySpan<float>(row, nVocab);
    }

    /// <summary>
    /// <c>llama_sampler_sample</c> done by hand, with one check: the chain is applied to all tokens of
    /// <paramref name="logits"/>, and the selected token is accepted only if its logit is finite. A grammar
    /// sampler sets the logits of every token it forbids to −∞; when it forbids all of them, the later samplers
    /// still "select" one, and accepting it would make llama.cpp's grammar throw through the C API and abort the
    /// process. Returns −1 in that case (nothing accepted).
    /// </summary>
    /// <param name="chain">The sampler chain.</param>
    /// <param name="logits">Raw logits, n_vocab floats.</param>
    /// <param name="candidates">Scratch space of at least n_vocab entries.</param>
    internal static int SampleAndAccept(IntPtr chain, ReadOnlySpan<float> logits, LlamaTokenData[] candidates)
    {
        FillCandidates(logits, candidates);
        fixed (LlamaTokenData* data = candidates)
        {
            var array = new LlamaTokenDataArray { data = data, size = (nuint)logits.Length, selected = -1, Sorted = false };
            llama_sampler_apply(chain, &array);
            var chosen = FiniteSelection(&array);
            if (chosen >= 0) llama_sampler_accept(chain, chosen);
            return chosen;
        }
    }

    /// <summary>
    /// Grammar-based rejection sampling, as llama.cpp's <c>common_sampler_sample</c> does it with
    /// <c>grammar_first = false</c> (llama-server's default; common/sampling.h: "the grammar constraints applied on
    /// the full vocabulary can be very taxing"): apply <paramref name="chain"/> (which holds no grammar) to every
    /// token, then ask <paramref name="grammar"/> about the selected token alone. If the grammar allows it, it is
    /// the answer; otherwise the candidates are filled again from <paramref name="logits"/>, the grammar is applied
    /// to all of them, then the chain, and that choice is the answer. The chosen token is accepted by the grammar,
    /// then by the chain. For a chain of temperature and dist only, the answer has exactly the distribution of
    /// grammar-then-chain (a rejected draw falls back to the renormalised allowed set); with top_k, top_p or min_p
    /// the truncation can differ from grammar-first, as it does in llama-server. Returns −1 when the grammar
    /// forbids every token (nothing accepted).
    /// </summary>
    /// <param name="chain">The sampler chain, without the grammar.</param>
    /// <param name="grammar">The grammar sampler (lazy or not), not in any chain.</param>
    /// <param name="logits">Raw logits, n_vocab floats.</param>
    /// <param name="candidates">Scratch space of at least n_vocab entries.</param>
    internal static int SampleAndAcceptWithGrammar(IntPtr chain, IntPtr grammar, ReadOnlySpan<float> logits, LlamaTokenData[] candidates)
    {
        FillCandidates(logits, candidates);
        fixed (LlamaTokenData* data = candidates)
        {
            var array = new LlamaTokenDataArray { data = data, size = (nuint)logits.Length, selected = -1, Sorted = false };
            llama_sampler_apply(chain, &array);
            if (FiniteSelection(&array) is var drawn and >= 0)
            {
                var single = new LlamaTokenData { id = drawn, logit = 1, p = 0 };
                var one = new LlamaTokenDataArray { data = &single, size = 1, selected = -1, Sorted = false };
                llama_sampler_apply(grammar, &one);
                if (float.IsFinite(single.logit)) return AcceptBoth(single.id);
            }
        }

        // Rejected: the grammar over the whole vocabulary, then the chain (one more draw from its generator).
        FillCandidates(logits, candidates);
        fixed (LlamaTokenData* data = candidates)
        {
            var array = new LlamaTokenDataArray { data = data, size = (nuint)logits.Length, selected = -1, Sorted = false };
            llama_sampler_apply(grammar, &array);
            llama_sampler_apply(chain, &array);
            var chosen = FiniteSelection(&array);
            return chosen >= 0 ? AcceptBoth(chosen) : -1;
        }

        int AcceptBoth(int token)
        {
            llama_sampler_accept(grammar, token);
            llama_sampler_accept(chain, token);
            return token;
        }
    }

    /// <summary>Fills <paramref name="candidates"/> with one entry per token id and its raw logit.</summary>
    private static void FillCandidates(ReadOnlySpan<float> logits, LlamaTokenData[] candidates)
    {
        for (var id = 0; id < logits.Length; id++) candidates[id] = new LlamaTokenData { id = id, logit = logits[id], p = 0 };
    }

    /// <summary>The token the samplers selected, or −1 when they selected none or one whose logit is not finite (a
    /// grammar forbade it). Samplers may point <c>data</c> elsewhere, so it is read through the array.</summary>
    private static int FiniteSelection(LlamaTokenDataArray* array)
    {
        if (array->selected < 0 || array->selected >= (long)array->size) return -1;
        var chosen = array->data[array->selected];
        return float.IsFinite(chosen.logit) ? chosen.id : -1;
    }

    /// <summary>
    /// Which tokens a grammar allows right now, for the grammar step view: applies <paramref name="grammar"/> (a
    /// chain holding only a grammar sampler, in the same state as the generation's own grammar) to every token id
    /// of the vocabulary, each with logit 0, and reads back which logits it left finite (llama.cpp's grammar sets
    /// every forbidden token's logit to −∞ and never reorders). Accepts nothing.
    /// </summary>
    /// <param name="grammar">The grammar chain.</param>
    /// <param name="candidates">Scratch space of at least n_vocab entries.</param>
    /// <param name="allowed">Output, n_vocab flags indexed by token id.</param>
    /// <returns>How many tokens are allowed, 0 to n_vocab.</returns>
    internal static int ApplyGrammarToVocabulary(IntPtr grammar, LlamaTokenData[] candidates, bool[] allowed)
    {
        var nVocab = allowed.Length;
        for (var id = 0; id < nVocab; id++) candidates[id] = new LlamaTokenData { id = id, logit = 0, p = 0 };
        Array.Clear(allowed);
        var count = 0;
        fixed (LlamaTokenData* data = candidates)
        {
            var array = new LlamaTokenDataArray { data = data, size = (nuint)nVocab, selected = -1, Sorted = false };
            llama_sampler_apply(grammar, &array);
            for (var i = 0; i < (int)array.size; i++)
            {
                var entry = array.data[i]; // read through the array, as for sampling
                if (!float.IsFinite(entry.logit) || entry.id < 0 || entry.id >= nVocab || allowed[entry.id]) continue;
                allowed[entry.id] = true;
                count++;
            }
        }
        return count;
    }

    /// <summary>A <c>ggml_abort_callback</c> that aborts while the int at its user data is non-zero.</summary>
    internal static IntPtr AbortWhileFlagSet => (IntPtr)(delegate* unmanaged[Cdecl]<void*, byte>)&AbortWhileFlagSetCallback;

    /// <summary>The address of element 0 of a pinned int array (for <see cref="AbortWhileFlagSet"/>'s user data).</summary>
    internal static IntPtr AddressOfPinned(int[] pinned) => (IntPtr)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte AbortWhileFlagSetCallback(void* data) => Volatile.Read(ref *(int*)data) != 0 ? (byte)1 : (byte)0;
}
