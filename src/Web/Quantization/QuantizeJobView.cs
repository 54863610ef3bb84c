using Workbench.Engine.Quantization;

namespace Workbench.Web.Quantization;

/// <summary>A snapshot of a quantize job, the shape of <c>GET /api/quantize/{id}</c> (camelCase JSON; the status
/// as a lower-case string).</summary>
/// <param name="Id">The job id.</param>
/// <param name="Status">queued, running, done, failed or cancelled.</param>
/// <param name="Progress">Done so far, 0..1 (1 when done).</param>
/// <param name="Message">What is being done (the tensor being quantized), or null.</param>
/// <param name="Source">The source model's file name.</param>
/// <param name="SourceBytes">The source file's size in bytes.</param>
/// <param name="Type">The quantization type's name.</param>
/// <param name="AllowRequantize">Whether an already quantized source was allowed.</param>
/// <param name="Output">The written file, once done.</param>
/// <param name="Tensors">Each tensor's final type (fallbacks marked), once done.</param>
/// <param name="QuantBitsPerWeight">Bits per weight of the output's tensors, once done.</param>
/// <param name="Warnings">Requantizing and fallback warnings, once done.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="CreatedAt">When it was queued (UTC).</param>
public sealed record QuantizeJobView(
    string Id,
    string Status,
    double Progress,
    string? Message,
    string Source,
    long SourceBytes,
    string Type,
    bool AllowRequantize,
    QuantizeJobOutput? Output,
    IReadOnlyList<QuantizedTensor>? Tensors,
    double? QuantBitsPerWeight,
    IReadOnlyList<string> Warnings,
    string? Error,
    DateTimeOffset CreatedAt);
