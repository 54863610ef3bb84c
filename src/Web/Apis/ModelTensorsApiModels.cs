namespace Workbench.Web.Apis;

/// <summary>One tensor of <c>GET /api/models/{name}/tensors</c>.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Type">ggml type name as ggml writes it ("q8_0", "q4_K", "f32").</param>
/// <param name="Shape">ggml's ne[], fastest-varying first.</param>
/// <param name="Offset">Byte offset from the data section.</param>
/// <param name="Bytes">Data size in bytes.</param>
/// <param name="BitsPerWeight">Bits per element of the type, block scales included.</param>
public sealed record ModelTensorView(string Name, string Type, IReadOnlyList<long> Shape, long Offset, long Bytes, double BitsPerWeight);

/// <summary>The answer of <c>GET /api/models/{name}/tensors</c>: a GGUF header read by the Engine's own reader.</summary>
/// <param name="Name">The model file name.</param>
/// <param name="Version">GGUF version.</param>
/// <param name="Architecture"><c>general.architecture</c>, or null.</param>
/// <param name="Alignment">Data alignment in bytes.</param>
/// <param name="DataOffset">Absolute offset of the data section.</param>
/// <param name="FileBytes">File size in bytes.</param>
/// <param name="MetadataCount">Number of metadata keys.</param>
/// <param name="Tensors">The tensors in file order.</param>
public sealed record ModelTensorsView(string Name, uint Version, string? Architecture, int Alignment, long DataOffset, long FileBytes,
    int MetadataCount, IReadOnlyList<ModelTensorView> Tensors);
