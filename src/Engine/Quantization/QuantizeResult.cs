namespace Workbench.Engine.Quantization;

/// <summary>The <c>quantize</c> model-tool operation's result.</summary>
public sealed record QuantizeResult
{
    /// <summary>The output file's full path.</summary>
    public required string Path { get; init; }

    /// <summary>The output file's name (what the model list shows and <c>/models/load</c> accepts).</summary>
    public required string Name { get; init; }

    /// <summary>The output file's size in bytes.</summary>
    public required long Bytes { get; init; }

    /// <summary>The source file's full path.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The source file's size in bytes.</summary>
    public required long SourceBytes { get; init; }

    /// <summary>The <see cref="QuantizationType.Name"/> asked for.</summary>
    public required string Type { get; init; }

    /// <summary>Every tensor in file order with its final type.</summary>
    public required IReadOnlyList<QuantizedTensor> Tensors { get; init; }

    /// <summary>Tensor data before, in MiB (llama.cpp's "model size").</summary>
    public double ModelSizeMiB { get; init; }

    /// <summary>Bits per weight before (tensor bytes × 8 / weights).</summary>
    public double ModelBitsPerWeight { get; init; }

    /// <summary>Tensor data after, in MiB (llama.cpp's "quant size").</summary>
    public double QuantSizeMiB { get; init; }

    /// <summary>Bits per weight after.</summary>
    public double QuantBitsPerWeight { get; init; }

    /// <summary>Things the user should know: a requantized source, fallback tensors.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
