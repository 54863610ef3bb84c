using Xunit;
using Workbench.Engine;
using Workbench.Engine.Inference;

namespace Workbench.Web.Tests.Components;

/// <summary>One real in-process <see cref="LlamaEngine"/> with the shared TinyStories model, shared by the
/// component tests (loading once keeps them fast).</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    /// <summary>The default test model.</summary>
    public const string ModelFileName = "TinyStories-656K-Q8_0.gguf";

    /// <summary>The engine, with <see cref="ModelFileName"/> loaded.</summary>
    public LlamaEngine Engine { get; private set; } = default!;

    /// <summary>Engine options used (model directory = the shared models).</summary>
    public EngineOptions Options { get; } = new()
    {
        ModelDirectories = [ModelsDirectory],
        NativeLibraryDirectory = Path.Combine(AppContext.BaseDirectory, "llama", "cpu"),
        Threads = 1,
        ParallelSequences = 2,
    };

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
        await Engine.LoadModelAsync(Path.Combine(ModelsDirectory, ModelFileName), null, CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Engine.DisposeAsync();
}

/// <summary>Component tests share one engine and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "engine";
}
