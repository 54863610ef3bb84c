using Workbench.Engine.Gguf;
using Xunit;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Structs;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Native;

/// <summary>Reads llama.cpp's default parameter structs through the bindings and checks them against the defaults
/// written in llama.cpp's source (llama-model.cpp, llama-context.cpp, llama-quant.cpp): a shifted field shows up here.</summary>
public class NativeDefaultsTests
{
    public NativeDefaultsTests() => TestModels.InitializeBackend();

    [Fact]
    public void ModelDefaultParams_HaveLlamaCppDefaults()
    {
        LlamaModelParams p = LlamaNative.llama_model_default_params();
        Assert.Equal(IntPtr.Zero, p.devices);
        Assert.Equal(-1, p.n_gpu_layers);
        Assert.Equal(LlamaSplitMode.LAYER, p.split_mode);
        Assert.Equal(LlamaLoadMode.AUTO, p.load_mode);
        Assert.Equal(LlamaLazyMode.AUTO, p.lazy_mode);
        Assert.Equal(0, p.main_gpu);
        Assert.Equal(IntPtr.Zero, p.progress_callback);
        Assert.False(p.VocabOnly);
        Assert.False(p.CheckTensors);
        Assert.True(p.UseExtraBufts);
        Assert.False(p.NoHost);
        Assert.False(p.NoAlloc);
        Assert.False(p.LoadMtp);
    }

    [Fact]
    public void ContextDefaultParams_HaveLlamaCppDefaults()
    {
        LlamaContextParams p = LlamaNative.llama_context_default_params();
        Assert.Equal(512u, p.n_ctx);
        Assert.Equal(2048u, p.n_batch);
        Assert.Equal(512u, p.n_ubatch);
        Assert.Equal(1u, p.n_seq_max);
        Assert.Equal(1u, p.n_outputs_max_per_seq);
        Assert.True(p.n_threads > 0);
        Assert.Equal(LlamaContextType.DEFAULT, p.ctx_type);
        Assert.Equal(LlamaRopeScalingType.UNSPECIFIED, p.rope_scaling_type);
        Assert.Equal(LlamaFlashAttnType.AUTO, p.flash_attn_type);
        Assert.Equal(-1f, p.yarn_ext_factor);
        Assert.Equal(-1f, p.defrag_thold);
        Assert.Equal(GgmlType.F16, p.type_k);
        Assert.Equal(GgmlType.F16, p.type_v);
        Assert.Equal(IntPtr.Zero, p.abort_callback);
        Assert.False(p.Embeddings);
        Assert.True(p.OffloadKqv);
        Assert.True(p.NoPerf);
        Assert.True(p.OpOffload);
        Assert.True(p.SwaFull);
        Assert.False(p.KvUnified);
        Assert.Equal(IntPtr.Zero, p.samplers);
        Assert.Equal(0u, p.n_samplers);
        Assert.Equal(IntPtr.Zero, p.ctx_other);
    }

    [Fact]
    public void QuantizeDefaultParams_HaveLlamaCppDefaults()
    {
        LlamaModelQuantizeParams p = LlamaNative.llama_model_quantize_default_params();
        Assert.Equal(0, p.nthread);
        Assert.Equal(LlamaFtype.Q8_0, p.ftype);
        Assert.Equal(LlamaModelQuantizeParams.NotSet, p.output_tensor_type);
        Assert.Equal(LlamaModelQuantizeParams.NotSet, p.token_embedding_type);
        Assert.False(p.AllowRequantize);
        Assert.True(p.QuantizeOutputTensor);
        Assert.False(p.OnlyCopy);
        Assert.False(p.DryRun);
        Assert.Equal(IntPtr.Zero, p.imatrix);
        Assert.True(p.max_buf_size > 0);
    }

    [Fact]
    public void SamplerChain_CountsAddedSamplersAndFreesThem()
    {
        using var chain = Workbench.Engine.Native.Handles.SafeLlamaSamplerHandle.CreateChain();
        var topK = LlamaSamplers.TopK(40);
        chain.Add(topK);
        chain.Add(LlamaSamplers.Temperature(0.8f));
        chain.Add(LlamaSamplers.Dist(42));
        Assert.Equal(3, chain.Count);
        Assert.True(topK.IsClosed); // the chain owns it now: disposing the added handle frees nothing
        topK.Dispose();
        Assert.Throws<ArgumentException>(() => chain.Add(topK));
        Assert.Throws<ArgumentException>(() => chain.Add(new Workbench.Engine.Native.Handles.SafeLlamaSamplerHandle(IntPtr.Zero)));
        Assert.Equal(3, chain.Count);
    }
}
