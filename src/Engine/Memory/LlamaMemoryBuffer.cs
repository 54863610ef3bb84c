using System.Text.Json.Serialization;

namespace Workbench.Engine.Memory;

/// <summary>One buffer line of llama.cpp's load log.</summary>
/// <param name="Kind">What the buffer holds.</param>
/// <param name="Buffer">ggml's buffer (type) name: <c>CPU</c>, <c>CPU_Mapped</c> (weights memory-mapped from the
/// file), <c>CPU_REPACK</c>, <c>CUDA0</c>, <c>CUDA_Host</c>, ….</param>
/// <param name="MiB">The size as logged: MiB (2^20 bytes) printed with two decimals (<c>%8.2f</c>), so ±0.005 MiB.</param>
/// <param name="Line">The log line.</param>
public sealed record LlamaMemoryBuffer(
    [property: JsonConverter(typeof(JsonStringEnumConverter<LlamaMemoryBufferKind>))] LlamaMemoryBufferKind Kind,
    string Buffer,
    [property: JsonPropertyName("mib")] double MiB,
    string Line)
{
    /// <summary>Bytes in one MiB.</summary>
    public const double BytesPerMiB = 1024.0 * 1024.0;

    /// <summary><see cref="MiB"/> in bytes (to the log's resolution, ±5,243 bytes).</summary>
    [JsonIgnore]
    public long ApproximateBytes => (long)Math.Round(MiB * BytesPerMiB);
}
