namespace Workbench.Engine;

/// <summary>Configuration section <c>Engine</c> (appsettings.json, <c>Engine__*</c> environment variables,
/// <c>--Engine:*</c> command-line arguments).</summary>
public sealed class EngineOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Engine";

    /// <summary>Directories searched for <c>*.gguf</c> files, relative to the content root or absolute.
    /// Default: <c>models</c> and <c>../shared/models</c>.</summary>
    public string[] ModelDirectories { get; set; } = ["models", "../shared/models"];

    /// <summary>The lab's own writable models folder: quantized files are written here (never into a folder of
    /// <see cref="ModelDirectories"/>, which may be shared and read-only), and the catalog lists it after those.
    /// Relative to the content root or absolute; empty = none. Default <c>data/models</c>.</summary>
    public string OutputModelDirectory { get; set; } = "data/models";

    /// <summary>Model loaded at start: a path, or a file name searched in <see cref="ModelDirectories"/>.
    /// Empty = none. Default <c>stories260K.gguf</c> (its vocabulary has byte tokens, so it can write JSON).</summary>
    public string DefaultModel { get; set; } = "stories260K.gguf";

    /// <summary>Built-in llama.cpp chat template used when the model has none. Default <c>chatml</c>.</summary>
    public string ChatTemplate { get; set; } = "chatml";

    /// <summary>The tool-call format of the model's template, overriding detection from its text
    /// (<c>ToolCallFormatDetector</c>, as llama.cpp detects it): <c>hermes</c>, <c>qwen3_coder</c>,
    /// <c>llama3_json</c> or <c>mistral</c> (vLLM's <c>--tool-call-parser</c> names; the enum names
    /// <c>Hermes</c>, <c>Qwen3Coder</c>, <c>Llama31</c>, <c>Mistral</c> are accepted too, in any case).
    /// Empty = detect (default). Set it when a fine-tune's template hides its format, or to show what a mismatch
    /// does.</summary>
    public string ToolCallFormat { get; set; } = "";

    /// <summary><see cref="ToolCallFormat"/> as the enum; null when empty (detect).</summary>
    /// <exception cref="ArgumentException">The value names no format.</exception>
    public Tools.ToolCallFormat? ToolCallFormatOverride => ParseToolCallFormat(ToolCallFormat);

    /// <summary>Reads a tool-call format name: a vLLM parser name or the enum name, in any case; empty or
    /// whitespace = null.</summary>
    /// <exception cref="ArgumentException">The value names no format (the message lists the names).</exception>
    public static Tools.ToolCallFormat? ParseToolCallFormat(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var name = value.Trim();
        foreach (var info in Tools.Parsing.ToolCallFormats.All)
        {
            if (string.Equals(name, info.VllmToolCallParser, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, info.Format.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return info.Format;
            }
        }
        throw new ArgumentException($"Engine configuration: Engine:ToolCallFormat '{value}' is not a tool-call format; use hermes, qwen3_coder, llama3_json or mistral (or empty to detect).");
    }

    /// <summary>CPU threads for generation and batch decode; 0 = automatic (<see cref="EffectiveThreads"/>).
    /// Range 0–256.</summary>
    public int Threads { get; set; }

    /// <summary>The threads llama.cpp gets: <see cref="Threads"/>, or when 0 half the logical processors, at least
    /// one. Half approximates the physical cores, as llama.cpp's own default (<c>cpu_get_num_math</c>) does, and
    /// leaves room for the web server and the browser: ggml's threads spin at a barrier after each graph op, so
    /// one that loses its core stalls the others.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Context window per sequence in tokens (n_ctx as a user sees it); 0 = the model's n_ctx_train.
    /// The llama.cpp context holds <see cref="ParallelSequences"/> × this many cells. Range 0–1,048,576.</summary>
    public int ContextSize { get; set; }

    /// <summary>Maximum tokens submitted to one <c>llama_decode</c> (n_batch). Range 1–65,536. Default 512.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>Sequences decoded together (llama-server's slots, continuous batching). Range 1–64. Default 4.</summary>
    public int ParallelSequences { get; set; } = 4;

    /// <summary><c>cpu</c> or <c>cuda</c>: which build of llama.cpp's libraries is loaded. Default <c>cpu</c>.</summary>
    public string Backend { get; set; } = "cpu";

    /// <summary>Layers offloaded to the GPU (n_gpu_layers); −1 = all. Ignored by the CPU backend. Default −1.</summary>
    public int GpuLayers { get; set; } = -1;

    /// <summary>Flash attention (llama.cpp's <c>flash_attn_type</c>): <c>auto</c> (llama.cpp decides; its default),
    /// <c>enabled</c> or <c>disabled</c>. On CPU with very small models <c>disabled</c> decodes faster
    /// (docs/PERFORMANCE.md). Default <c>auto</c>.</summary>
    public string FlashAttention { get; set; } = "auto";

    /// <summary>Directory holding the llama.cpp libraries; empty = <c>llama/&lt;Backend&gt;</c> beside the app.</summary>
    public string NativeLibraryDirectory { get; set; } = "";

    /// <summary>Checks every range above.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the setting.</exception>
    public void Validate()
    {
        static void Check(bool ok, string message) { if (!ok) throw new ArgumentException($"Engine configuration: {message}"); }
        Check(Threads is >= 0 and <= 256, "Engine:Threads must be between 0 and 256.");
        Check(ContextSize is >= 0 and <= 1_048_576, "Engine:ContextSize must be between 0 and 1048576.");
        Check(BatchSize is >= 1 and <= 65_536, "Engine:BatchSize must be between 1 and 65536.");
        Check(ParallelSequences is >= 1 and <= 64, "Engine:ParallelSequences must be between 1 and 64.");
        Check(Backend is "cpu" or "cuda", "Engine:Backend must be 'cpu' or 'cuda'.");
        Check(GpuLayers >= -1, "Engine:GpuLayers must be -1 (all) or more.");
        _ = ToolCallFormatOverride; // throws ArgumentException naming the setting
        Check(FlashAttention is "auto" or "enabled" or "disabled", "Engine:FlashAttention must be 'auto', 'enabled' or 'disabled'.");
    }
}
