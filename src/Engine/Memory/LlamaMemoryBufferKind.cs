namespace Workbench.Engine.Memory;

/// <summary>What a buffer llama.cpp reports at load holds.</summary>
public enum LlamaMemoryBufferKind
{
    /// <summary>Weights: <c>load_tensors: &lt;buffer&gt; model buffer size = … MiB</c> (src/llama-model.cpp).</summary>
    Model,
    /// <summary>The KV cache: <c>llama_kv_cache: &lt;buffer&gt; KV buffer size = … MiB</c> (src/llama-kv-cache.cpp).</summary>
    KvCache,
    /// <summary>Recurrent state (Mamba-style models): <c>RS buffer size</c> (src/llama-memory-recurrent.cpp).</summary>
    RecurrentState,
    /// <summary>Logits and embeddings of the outputs: <c>llama_context: &lt;buffer&gt;  output buffer size = … MiB</c>
    /// (src/llama-context.cpp).</summary>
    Output,
    /// <summary>The graph's intermediate tensors, reserved for the worst-case batch:
    /// <c>&lt;buffer&gt; compute buffer size = … MiB</c> (src/llama-context.cpp).</summary>
    Compute,
}
