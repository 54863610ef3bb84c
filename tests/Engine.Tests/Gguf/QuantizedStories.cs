using Workbench.Engine.Native;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Gguf;

/// <summary>stories260K quantized in-test by llama.cpp's own <c>llama_model_quantize</c> (default parameters, as
/// <c>llama-quantize</c> would) into a temp folder, once per test class: name → path.</summary>
public sealed class QuantizedStories : IDisposable
{
    /// <summary>llama_ftype numbers (llama.h) of the types made.</summary>
    public static readonly IReadOnlyDictionary<string, int> FileTypes = new Dictionary<string, int>
    {
        ["Q8_0"] = 7, ["Q4_0"] = 2, ["Q4_1"] = 3, ["Q5_0"] = 8, ["Q5_1"] = 9, ["Q6_K"] = 18,
        ["Q5_K_M"] = 17, ["Q4_K_M"] = 15, ["Q3_K_M"] = 12, ["Q2_K"] = 10,
    };

    private readonly TempDirectory _directory = new();

    public QuantizedStories()
    {
        TestModels.InitializeBackend();
        var paths = new Dictionary<string, string>();
        foreach (var (name, ftype) in FileTypes)
        {
            string output = _directory.File($"stories260K-{name}.gguf");
            uint rc = GgmlReference.Quantize(TestModels.Stories260K, output, ftype);
            if (rc != 0) throw new InvalidOperationException($"llama_model_quantize to {name} returned {rc}.");
            paths[name] = output;
        }
        Paths = paths;
    }

    /// <summary>Quantized file paths by type name (Q8_0, Q4_K_M, …).</summary>
    public IReadOnlyDictionary<string, string> Paths { get; }

    /// <summary>The quantized files and the two shared model files.</summary>
    public IEnumerable<string> AllFiles => Paths.Values.Append(TestModels.Stories260K).Append(TestModels.TinyStories);

    public void Dispose() => _directory.Dispose();
}
