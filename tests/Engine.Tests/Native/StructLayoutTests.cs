using Xunit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Tests.Native;

/// <summary>Sizes and field offsets of the blittable structs, computed by hand from llama.h v0.5.0 for x64
/// (PLATFORM.md: llama_model_params 80, llama_context_params 160, llama_model_quantize_params 64, llama_batch 56).</summary>
public class StructLayoutTests
{
    private static void AssertSize<T>(int expected) where T : unmanaged
    {
        Assert.Equal(expected, Marshal.SizeOf<T>());
        Assert.Equal(expected, Unsafe.SizeOf<T>());
    }

    private static void AssertOffset<T>(string field, int expected) =>
        Assert.True(expected == (int)Marshal.OffsetOf<T>(field), $"{typeof(T).Name}.{field}: expected offset {expected}, got {(int)Marshal.OffsetOf<T>(field)}");

    [Fact]
    public void LlamaModelParams_MatchesLlamaH()
    {
        AssertSize<LlamaModelParams>(80);
        AssertOffset<LlamaModelParams>("devices", 0);
        AssertOffset<LlamaModelParams>("tensor_buft_overrides", 8);
        AssertOffset<LlamaModelParams>("n_gpu_layers", 16);
        AssertOffset<LlamaModelParams>("split_mode", 20);
        AssertOffset<LlamaModelParams>("load_mode", 24);
        AssertOffset<LlamaModelParams>("lazy_mode", 28);
        AssertOffset<LlamaModelParams>("main_gpu", 32);
        AssertOffset<LlamaModelParams>("tensor_split", 40);
        AssertOffset<LlamaModelParams>("progress_callback", 48);
        AssertOffset<LlamaModelParams>("progress_callback_user_data", 56);
        AssertOffset<LlamaModelParams>("kv_overrides", 64);
        AssertOffset<LlamaModelParams>("vocab_only", 72);
        AssertOffset<LlamaModelParams>("check_tensors", 73);
        AssertOffset<LlamaModelParams>("use_extra_bufts", 74);
        AssertOffset<LlamaModelParams>("no_host", 75);
        AssertOffset<LlamaModelParams>("no_alloc", 76);
        AssertOffset<LlamaModelParams>("load_mtp", 77);
    }

    [Fact]
    public void LlamaContextParams_MatchesLlamaH()
    {
        AssertSize<LlamaContextParams>(160);
        AssertOffset<LlamaContextParams>("n_ctx", 0);
        AssertOffset<LlamaContextParams>("n_seq_max", 12);
        AssertOffset<LlamaContextParams>("n_rs_seq", 16);
        AssertOffset<LlamaContextParams>("n_outputs_max_per_seq", 24);
        AssertOffset<LlamaContextParams>("n_threads", 28);
        AssertOffset<LlamaContextParams>("n_threads_batch", 32);
        AssertOffset<LlamaContextParams>("ctx_type", 36);
        AssertOffset<LlamaContextParams>("flash_attn_type", 52);
        AssertOffset<LlamaContextParams>("rope_freq_base", 56);
        AssertOffset<LlamaContextParams>("yarn_orig_ctx", 80);
        AssertOffset<LlamaContextParams>("defrag_thold", 84);
        AssertOffset<LlamaContextParams>("cb_eval", 88);
        AssertOffset<LlamaContextParams>("cb_eval_user_data", 96);
        AssertOffset<LlamaContextParams>("type_k", 104);
        AssertOffset<LlamaContextParams>("type_v", 108);
        AssertOffset<LlamaContextParams>("abort_callback", 112);
        AssertOffset<LlamaContextParams>("abort_callback_data", 120);
        AssertOffset<LlamaContextParams>("embeddings", 128);
        AssertOffset<LlamaContextParams>("kv_unified", 133);
        AssertOffset<LlamaContextParams>("samplers", 136);
        AssertOffset<LlamaContextParams>("n_samplers", 144);
        AssertOffset<LlamaContextParams>("ctx_other", 152);
    }

    [Fact]
    public void LlamaModelQuantizeParams_MatchesLlamaH()
    {
        AssertSize<LlamaModelQuantizeParams>(64);
        AssertOffset<LlamaModelQuantizeParams>("ftype", 4);
        AssertOffset<LlamaModelQuantizeParams>("output_tensor_type", 8);
        AssertOffset<LlamaModelQuantizeParams>("token_embedding_type", 12);
        AssertOffset<LlamaModelQuantizeParams>("allow_requantize", 16);
        AssertOffset<LlamaModelQuantizeParams>("dry_run", 21);
        AssertOffset<LlamaModelQuantizeParams>("imatrix", 24);
        AssertOffset<LlamaModelQuantizeParams>("kv_overrides", 32);
        AssertOffset<LlamaModelQuantizeParams>("tt_overrides", 40);
        AssertOffset<LlamaModelQuantizeParams>("prune_layers", 48);
        AssertOffset<LlamaModelQuantizeParams>("max_buf_size", 56);
    }

    [Fact]
    public void LlamaBatch_MatchesLlamaH()
    {
        AssertSize<LlamaBatch>(56);
        AssertOffset<LlamaBatch>("token", 8);
        AssertOffset<LlamaBatch>("embd", 16);
        AssertOffset<LlamaBatch>("pos", 24);
        AssertOffset<LlamaBatch>("n_seq_id", 32);
        AssertOffset<LlamaBatch>("seq_id", 40);
        AssertOffset<LlamaBatch>("logits", 48);
    }

    [Fact]
    public void SmallStructs_MatchLlamaH()
    {
        AssertSize<LlamaTokenData>(12);
        AssertSize<LlamaTokenDataArray>(32);
        AssertOffset<LlamaTokenDataArray>("size", 8);
        AssertOffset<LlamaTokenDataArray>("selected", 16);
        AssertOffset<LlamaTokenDataArray>("sorted", 24);
        AssertSize<LlamaChatMessage>(16);
        AssertOffset<LlamaChatMessage>("content", 8);
        AssertSize<LlamaSamplerChainParams>(1);
        AssertSize<LlamaLogitBias>(8);
        AssertSize<LlamaPerfContextData>(48);
        AssertOffset<LlamaPerfContextData>("n_p_eval", 32);
    }

    [Fact]
    public void BoolProperties_WriteOneByteEach()
    {
        var p = new LlamaContextParams { OffloadKqv = true, KvUnified = true };
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref p, 1));
        Assert.Equal(0, bytes[128]);
        Assert.Equal(1, bytes[129]);
        Assert.Equal(1, bytes[133]);
        Assert.True(p.KvUnified);
        Assert.False(p.Embeddings);
    }

    [Fact]
    public void GgmlTypeTraitsNative_MatchesGgmlH()
    {
        AssertSize<GgmlTypeTraitsNative>(56);
        AssertOffset<GgmlTypeTraitsNative>("blck_size", 8);
        AssertOffset<GgmlTypeTraitsNative>("type_size", 24);
        AssertOffset<GgmlTypeTraitsNative>("is_quantized", 32);
        AssertOffset<GgmlTypeTraitsNative>("to_float", 40);
        AssertOffset<GgmlTypeTraitsNative>("from_float_ref", 48);
    }

    [Fact]
    public void GgufInitParams_MatchesGgufH()
    {
        AssertSize<GgufInitParams>(16);
        AssertOffset<GgufInitParams>("ctx", 8);
    }
}
