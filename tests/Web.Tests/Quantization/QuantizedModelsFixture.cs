using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Models;
using Workbench.Engine.ModelTools;
using Workbench.Engine.Quantization;
using Workbench.Web.Hosting;
using Workbench.Web.Quantization;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Quantization;

/// <summary>A models folder holding a copy of stories260K.gguf and an output folder holding its Q8_0 and Q2_K copies,
/// quantized in the fixture by the real <c>quantize</c> model-tool operation; a <see cref="ModelToolRunner"/> that
/// starts the real Workbench.Web executable with <c>--model-tool</c> over these folders; and a
/// <see cref="ModelEvaluationService"/> on them.</summary>
public sealed class QuantizedModelsFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wb-evalq-" + Guid.NewGuid().ToString("N")[..12]);

    public string ModelsDirectory => Path.Combine(_root, "models");

    public string OutputDirectory => Path.Combine(_root, "out");

    public string SourcePath => Path.Combine(ModelsDirectory, SourceName);

    public const string SourceName = "stories260K.gguf";
    public const string Q8Name = "stories260K-Q8_0.gguf";
    public const string Q2Name = "stories260K-Q2_K.gguf";

    public EngineOptions Options { get; private set; } = null!;

    public ModelToolRunner Runner { get; private set; } = null!;

    public ModelCatalog Catalog { get; private set; } = null!;

    public ModelEvaluationService Evaluations { get; private set; } = null!;

    /// <summary>The settings that point a <see cref="WorkbenchAppFactory"/> at these folders.</summary>
    public void Configure(WorkbenchAppFactory app)
    {
        app.Settings["Engine:ModelDirectories:0"] = ModelsDirectory;
        app.Settings["Engine:ModelDirectories:1"] = TestPaths.SharedModels;
        app.Settings["Engine:OutputModelDirectory"] = OutputDirectory;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ModelsDirectory);
        Directory.CreateDirectory(OutputDirectory);
        File.Copy(Path.Combine(TestPaths.SharedModels, SourceName), SourcePath);
        Options = new EngineOptions
        {
            ModelDirectories = [ModelsDirectory],
            OutputModelDirectory = OutputDirectory,
            NativeLibraryDirectory = Path.Combine(AppContext.BaseDirectory, "llama", "cpu"),
            Threads = 1,
        };
        var environment = new Dictionary<string, string>
        {
            ["GGML_NO_BACKTRACE"] = "1",
            ["Engine__ModelDirectories__0"] = ModelsDirectory,
            ["Engine__OutputModelDirectory"] = OutputDirectory,
            ["Engine__Threads"] = "1",
        };
        Runner = new ModelToolRunner(() => new ModelToolLaunch(WorkerProcess.ExecutablePath, [ModelToolHost.Switch], environment, AppContext.BaseDirectory));
        Catalog = new ModelCatalog(Options, AppContext.BaseDirectory);
        Evaluations = new ModelEvaluationService(Runner, Catalog);
        foreach (var type in new[] { "Q8_0", "Q2_K" })
            await Runner.RunAsync<JsonElement>("quantize", new QuantizeRequest { Source = SourceName, Type = type }, null, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
