namespace Workbench.Engine.Models;

/// <summary>A GGUF file found by <see cref="ModelCatalog"/>.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="FileName">File name with its <c>.gguf</c> extension (the API's model id once loaded).</param>
/// <param name="SizeInBytes">Size of the file on disk in bytes.</param>
/// <param name="Directory">Full path of the configured model directory it was found in.</param>
public sealed record ModelFile(string Path, string FileName, long SizeInBytes, string Directory);
