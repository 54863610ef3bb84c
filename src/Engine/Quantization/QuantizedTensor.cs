namespace Workbench.Engine.Quantization;

/// <summary>One tensor of a quantized model, as llama.cpp's quantize log reported it.</summary>
/// <param name="Name">The tensor's name, e.g. <c>blk.0.attn_q.weight</c>.</param>
/// <param name="Shape">Its dimensions, innermost (row length, ne[0]) first.</param>
/// <param name="SourceType">Its ggml type in the source, e.g. <c>f32</c>.</param>
/// <param name="Type">Its ggml type in the output, e.g. <c>q4_K</c>; the source type when it was copied.</param>
/// <param name="Fallback">llama.cpp could not use the type the scheme asked for (the row length is not a multiple
/// of that type's block) and fell back to another (<c>tensor_type_fallback</c> in src/llama-quant.cpp).</param>
/// <param name="FallbackReason">llama.cpp's warning text for a fallback, else null.</param>
public sealed record QuantizedTensor(string Name, IReadOnlyList<long> Shape, string SourceType, string Type, bool Fallback, string? FallbackReason);
