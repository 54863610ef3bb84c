using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Workbench.Engine.Memory;

/// <summary>llama.cpp's own memory report for a loaded model and context: the buffer sizes it logs while
/// <c>llama_model_load_from_file</c> and <c>llama_init_from_model</c> run (formats from src/llama-model.cpp
/// <c>load_tensors</c>, src/llama-kv-cache.cpp and src/llama-context.cpp of our llama.cpp release).</summary>
/// <param name="Buffers">Every buffer line, in log order.</param>
/// <param name="KvCells">KV cells per stream (<c>llama_kv_cache: size = … (N cells, L layers, S/T seqs)</c>: N), or 0
/// when not logged.</param>
/// <param name="KvStreams">KV streams (T: one per sequence when the cache is not unified, else 1), or 0.</param>
/// <param name="KvLayers">Layers with a KV cache, or 0.</param>
/// <param name="KvTypeK">The K cache's ggml type name (<c>f16</c>, <c>q8_0</c>, …), or null.</param>
/// <param name="KvTypeV">The V cache's ggml type name, or null.</param>
public sealed partial record LlamaMemoryReport(IReadOnlyList<LlamaMemoryBuffer> Buffers, int KvCells, int KvStreams, int KvLayers, string? KvTypeK, string? KvTypeV)
{
    /// <summary>MiB in buffers of <paramref name="kind"/>, summed over devices.</summary>
    public double MiBOf(LlamaMemoryBufferKind kind) => Buffers.Where(b => b.Kind == kind).Sum(b => b.MiB);

    /// <summary>Weights, MiB.</summary>
    [JsonIgnore]
    public double ModelMiB => MiBOf(LlamaMemoryBufferKind.Model);
    /// <summary>KV cache, MiB.</summary>
    [JsonIgnore]
    public double KvCacheMiB => MiBOf(LlamaMemoryBufferKind.KvCache);
    /// <summary>Compute buffers, MiB.</summary>
    [JsonIgnore]
    public double ComputeMiB => MiBOf(LlamaMemoryBufferKind.Compute);
    /// <summary>Output buffer, MiB.</summary>
    [JsonIgnore]
    public double OutputMiB => MiBOf(LlamaMemoryBufferKind.Output);
    /// <summary>Every buffer, MiB.</summary>
    [JsonIgnore]
    public double TotalMiB => Buffers.Sum(b => b.MiB);

    /// <summary>Reads the report out of llama.cpp log lines (other lines are ignored).</summary>
    /// <param name="lines">Log lines, each without its newline.</param>
    /// <returns>The report; empty buffers when no line matched.</returns>
    public static LlamaMemoryReport Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var buffers = new List<LlamaMemoryBuffer>();
        int cells = 0, streams = 0, layers = 0;
        string? typeK = null, typeV = null;
        foreach (var line in lines)
        {
            if (BufferLine().Match(line) is { Success: true } b)
            {
                var kind = b.Groups["kind"].Value switch
                {
                    "model" => LlamaMemoryBufferKind.Model,
                    "KV" => LlamaMemoryBufferKind.KvCache,
                    "RS" => LlamaMemoryBufferKind.RecurrentState,
                    "output" => LlamaMemoryBufferKind.Output,
                    _ => LlamaMemoryBufferKind.Compute,
                };
                buffers.Add(new LlamaMemoryBuffer(kind, b.Groups["buffer"].Value,
                    double.Parse(b.Groups["mib"].Value, CultureInfo.InvariantCulture), line.Trim()));
            }
            else if (KvSummaryLine().Match(line) is { Success: true } s)
            {
                cells = int.Parse(s.Groups["cells"].Value, CultureInfo.InvariantCulture);
                streams = int.Parse(s.Groups["streams"].Value, CultureInfo.InvariantCulture);
                layers = Math.Max(layers, int.Parse(s.Groups["layers"].Value, CultureInfo.InvariantCulture));
                typeK = s.Groups["tk"].Value;
                typeV = s.Groups["tv"].Value;
            }
        }
        return new LlamaMemoryReport(buffers, cells, streams, layers, typeK, typeV);
    }

    /// <summary>True when <paramref name="line"/> is one <see cref="Parse"/> reads (used to capture only these).</summary>
    public static bool IsReportLine(string line) => BufferLine().IsMatch(line) || KvSummaryLine().IsMatch(line);

    // "load_tensors:   CPU_Mapped model buffer size =     1.13 MiB", "llama_kv_cache:        CPU KV buffer size =     0.62 MiB",
    // "llama_context:        CPU  output buffer size =     0.01 MiB", "sched_reserve:        CPU compute buffer size =     1.06 MiB"
    [GeneratedRegex(@"^\s*\w+:\s+(?<buffer>\S+)\s+(?<kind>model|KV|RS|output|compute) buffer size =\s*(?<mib>[0-9]+\.[0-9]+) MiB\s*$")]
    private static partial Regex BufferLine();

    // "llama_kv_cache: size =    0.62 MiB (   512 cells,   5 layers,  1/1 seqs), K (f16):    0.31 MiB, V (f16):    0.31 MiB"
    [GeneratedRegex(@"^\s*\w+: size =\s*[0-9.]+ MiB \(\s*(?<cells>[0-9]+) cells,\s*(?<layers>[0-9]+) layers,\s*[0-9]+/(?<streams>[0-9]+) seqs\), K \((?<tk>\w+)\):.*V \((?<tv>\w+)\):")]
    private static partial Regex KvSummaryLine();
}
