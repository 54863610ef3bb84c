using Xunit;
using Workbench.Engine;
using Workbench.Engine.Inference;

namespace Workbench.Web.Tests.Components;

/// <summary>One real in-process <see cref="LlamaEngine"/> with one model of the shared models loaded (loading once
/// keeps the tests fast). Subclasses pick the model and the engine options.</summary>
public abstract class LoadedEngineFixture : IAsyncLifetime
{
    private readonly string _modelFileName;

    /// <summary>Creates the options: the shared models directory, the CPU libraries beside the test assembly,
    /// 1 thread, then <paramref name="configure"/>.</summary>
    /// <param name="modelFileName">The model file in <see cref="ModelsDirectory"/> to load.</param>
    /// <param name="configure">Changes to the options (sequences, window, chat template).</param>
    protected LoadedEngineFixture(string modelFileName, Action<EngineOptions> configure)
    {
        _modelFileName = modelFileName;
        Options = new EngineOptions
        {
            ModelDirectories = [ModelsDirectory],
            NativeLibraryDirectory = Path.Combine(AppContext.BaseDirectory, "llama", "cpu"),
            Threads = 1,
        };
        configure(Options);
    }

    /// <summary>The engine, with the model loaded.</summary>
    public LlamaEngine Engine { get; private set; } = default!;

    /// <summary>Engine options used (model directory = the shared models).</summary>
    public EngineOptions Options { get; }

    /// <summary><c>&lt;repo&gt;/../shared/models</c>, found by walking up to the folder holding Workbench.sln.</summary>
    public static string ModelsDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "models"));
            }
            // Built under WB_ARTIFACTS (outside the checkout): fall back to the source tree of this file's project.
            return Path.GetFullPath(Path.Combine(RepoRootFromSource(), "..", "shared", "models"));
        }
    }

    private static string RepoRootFromSource([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", ".."));

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Engine = new LlamaEngine(Options);
        await Engine.LoadModelAsync(Path.Combine(ModelsDirectory, _modelFileName), null, CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Engine.DisposeAsync();
}
