namespace Workbench.Engine.ModelTools;

/// <summary>One progress report of a running model-tool operation.</summary>
/// <param name="Fraction">Done so far, 0..1.</param>
/// <param name="Message">What is being done (e.g. the tensor being quantized), or null.</param>
public sealed record ModelToolProgress(double Fraction, string? Message);
