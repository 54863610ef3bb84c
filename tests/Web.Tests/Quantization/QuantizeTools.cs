using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Engine;
using Workbench.Engine.Models;
using Workbench.Engine.ModelTools;
using Workbench.Tests.Reference;
using Workbench.Web.Quantization;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Quantization;

/// <summary>A temp model folder (for bad files) and output folder, a <see cref="ModelToolRunner"/> that starts the
/// real <c>Workbench.Web --model-tool</c> beside the tests with them, and llama.cpp's own llama-quantize.</summary>
public sealed class QuantizeTools : IDisposable
{
    /// <summary>A model folder of the test's own (after the shared one).</summary>
    public string Models { get; } = Directory.CreateTempSubdirectory("wb-quant-models-").FullName;

    /// <summary>The output models folder.</summary>
    public string Output { get; } = Directory.CreateTempSubdirectory("wb-quant-out-").FullName;

    /// <summary>Where the reference outputs of llama-quantize go.</summary>
    public string References { get; } = Directory.CreateTempSubdirectory("wb-quant-ref-").FullName;

    /// <summary>The catalog the child sees too.</summary>
    public ModelCatalog Catalog => new(new EngineOptions { ModelDirectories = [TestPaths.SharedModels, Models], OutputModelDirectory = Output }, TestPaths.RepoRoot);

    /// <summary>A runner starting the real child process.</summary>
    public ModelToolRunner Runner => new(() => new ModelToolLaunch(
        Path.Combine(AppContext.BaseDirectory, "Workbench.Web"), [ModelToolHost.Switch],
        new Dictionary<string, string>
        {
            ["Engine__ModelDirectories__0"] = TestPaths.SharedModels,
            ["Engine__ModelDirectories__1"] = Models,
            ["Engine__OutputModelDirectory"] = Output,
            ["Engine__Threads"] = "2",
        },
        AppContext.BaseDirectory));

    /// <summary>A job queue over <see cref="Runner"/> and <see cref="Catalog"/>.</summary>
    public QuantizeJobQueue NewQueue() => new(Runner, Catalog, NullLogger<QuantizeJobQueue>.Instance);

    /// <summary>llama.cpp's llama-quantize (built on first use).</summary>
    public static string LlamaQuantize => LlamaTools.Path(TestPaths.RepoRoot, "quantize");

    /// <summary>The SHA-256 of a file, hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    public void Dispose()
    {
        foreach (var dir in new[] { Models, Output, References })
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
