namespace Workbench.Web.Quantization;

/// <summary>The file a finished quantize job wrote.</summary>
/// <param name="Name">The file name (the model list's name, accepted by <c>/models/load</c>).</param>
/// <param name="Path">The full path, in the lab's output models folder.</param>
/// <param name="Bytes">The file's size in bytes.</param>
public sealed record QuantizeJobOutput(string Name, string Path, long Bytes);
