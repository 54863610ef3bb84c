using Workbench.Engine;
using Workbench.Engine.Models;
using Workbench.Engine.Native;

namespace Workbench.Web.Tests.Components.Quantization;

/// <summary>A model folder for the quantization widgets: stories260K.gguf (copied from the shared models) and its
/// Q8_0 and Q4_0 versions made by llama.cpp's own <c>llama_model_quantize</c> (default parameters), plus
/// TinyStories (a different model) and a file that is not GGUF. Deleted on dispose.</summary>
public sealed class QuantizedModelsFixture : IDisposable
{
    public QuantizedModelsFixture()
    {
        Directory.CreateDirectory(Folder);
        var options = new EngineOptions
        {
            Backend = "cpu",
            NativeLibraryDirectory = Path.Combine(AppContext.BaseDirectory, "llama", "cpu"),
            ModelDirectories = [Folder],
        };
        LlamaBackend.Initialize(options);
        string source = Path.Combine(LoadedEngineFixture.ModelsDirectory, "stories260K.gguf");
        File.Copy(source, Path.Combine(Folder, "stories260K.gguf"));
        File.Copy(Path.Combine(LoadedEngineFixture.ModelsDirectory, EngineFixture.ModelFileName), Path.Combine(Folder, EngineFixture.ModelFileName));
        foreach (var (name, ftype) in new[] { ("Q8_0", 7), ("Q4_0", 2) })
        {
            uint rc = GgmlReference.Quantize(source, Path.Combine(Folder, $"stories260K-{name}.gguf"), ftype);
            if (rc != 0) throw new InvalidOperationException($"llama_model_quantize to {name} returned {rc}.");
        }
        File.WriteAllText(Path.Combine(Folder, "broken.gguf"), "not a gguf file");
        Catalog = new ModelCatalog(options, AppContext.BaseDirectory);
    }

    /// <summary>The folder.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "wb-weights-" + Guid.NewGuid().ToString("N"));

    /// <summary>A catalog over <see cref="Folder"/>.</summary>
    public ModelCatalog Catalog { get; }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
