namespace Workbench.Engine.Quantization;

/// <summary>The <c>quantize</c> model-tool operation's request.</summary>
public sealed record QuantizeRequest
{
    /// <summary>The source model: a catalog file name or a path inside a model folder
    /// (<see cref="Models.ModelCatalog.ResolveLoadable"/>).</summary>
    public required string Source { get; init; }

    /// <summary>A <see cref="QuantizationType.Name"/>, any case.</summary>
    public required string Type { get; init; }

    /// <summary>The output file's full path; it must lie directly in <see cref="EngineOptions.OutputModelDirectory"/>
    /// and end in <c>.gguf</c>. Null = <c>&lt;output folder&gt;/&lt;source&gt;-&lt;TYPE&gt;.gguf</c>
    /// (<see cref="QuantizeOperation.OutputFileName"/>).</summary>
    public string? Output { get; init; }

    /// <summary>Allow an already quantized source (llama.cpp's <c>allow_requantize</c>); the result then warns.</summary>
    public bool AllowRequantize { get; init; }
}
