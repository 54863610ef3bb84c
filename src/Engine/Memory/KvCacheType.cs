namespace Workbench.Engine.Memory;

/// <summary>The element type of llama.cpp's KV cache (<c>llama_context_params.type_k</c> / <c>type_v</c>; llama-server's
/// <c>--cache-type-k</c> / <c>--cache-type-v</c>). Bytes per element come from ggml's block layout
/// (<c>ggml/src/ggml-common.h</c>): see <see cref="KvCacheTypes.BytesPerElement"/>.</summary>
public enum KvCacheType
{
    /// <summary>GGML_TYPE_F16: 2 bytes per element, llama.cpp's default.</summary>
    F16,
    /// <summary>GGML_TYPE_Q8_0: blocks of 32 int8 values plus one F16 scale, 34 bytes per 32 elements.</summary>
    Q8_0,
    /// <summary>GGML_TYPE_Q4_0: blocks of 32 4-bit values plus one F16 scale, 18 bytes per 32 elements.</summary>
    Q4_0,
}
