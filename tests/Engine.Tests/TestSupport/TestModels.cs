using Workbench.Engine.Native;

namespace Workbench.Engine.Tests.TestSupport;

/// <summary>Where the real test models and llama.cpp libraries are: the repository root (the folder holding
/// Workbench.sln, found by walking up from the test output), <c>&lt;repo&gt;/../shared/models</c> (see its MANIFEST.md),
/// and the <c>llama/cpu</c> libraries the Engine build copies beside the test assembly.</summary>
public static class TestModels
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    /// <summary>TinyStories-656K-Q8_0.gguf: llama, 2 blocks, n_embd 128, vocab 2048, Q8_0, no chat template.</summary>
    public const string TinyStoriesFile = "TinyStories-656K-Q8_0.gguf";

    /// <summary>stories260K.gguf: llama, 5 blocks, n_embd 64, vocab 512, F32.</summary>
    public const string Stories260KFile = "stories260K.gguf";

    /// <summary>Absolute path of the repository root (holds Workbench.sln).</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>Absolute path of the shared models directory (<c>&lt;repo&gt;/../shared/models</c>).</summary>
    public static string ModelsDirectory => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared", "models"));

    /// <summary>Absolute path of the tokenizer-only GGUFs (<c>models/vocab</c>).</summary>
    public static string VocabDirectory => System.IO.Path.Combine(ModelsDirectory, "vocab");

    /// <summary>Absolute path of a file in the shared models directory.</summary>
    public static string Path(string fileName) => System.IO.Path.Combine(ModelsDirectory, fileName);

    /// <summary>Absolute path of TinyStories-656K-Q8_0.gguf (the default model).</summary>
    public static string TinyStories => Path(TinyStoriesFile);

    /// <summary>Absolute path of stories260K.gguf.</summary>
    public static string Stories260K => Path(Stories260KFile);

    /// <summary>Absolute path of <c>vocab/ggml-vocab-&lt;name&gt;.gguf</c>, e.g. <c>Vocab("phi-3")</c>.</summary>
    public static string Vocab(string name) => System.IO.Path.Combine(VocabDirectory, $"ggml-vocab-{name}.gguf");

    /// <summary>The CPU llama.cpp libraries beside the test assembly.</summary>
    public static string NativeLibraryDirectory => System.IO.Path.Combine(AppContext.BaseDirectory, "llama", "cpu");

    /// <summary>Engine options for tests: CPU backend from <see cref="NativeLibraryDirectory"/>, the shared models
    /// directory, TinyStories as the default model, 2 threads. <paramref name="configure"/> may change anything.</summary>
    public static EngineOptions Options(Action<EngineOptions>? configure = null)
    {
        var options = new EngineOptions
        {
            Backend = "cpu",
            NativeLibraryDirectory = NativeLibraryDirectory,
            ModelDirectories = [ModelsDirectory],
            DefaultModel = TinyStories,
            Threads = 1, // the test machines have 2 shared cores: ggml worker threads spin, so one thread per engine
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Initialises llama.cpp once for the test process (idempotent).</summary>
    public static void InitializeBackend() => LlamaBackend.Initialize(Options());

    private static string FindRepoRoot()
    {
        // The test output normally lies inside the checkout; builds with WB_ARTIFACTS put it elsewhere, so fall back
        // to the working directory and to where this source file was compiled from.
        string[] starts = [AppContext.BaseDirectory, Directory.GetCurrentDirectory(), System.IO.Path.GetDirectoryName(SourceFile()) ?? ""];
        foreach (string start in starts.Where(s => s.Length > 0))
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Workbench.sln")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Workbench.sln above '{AppContext.BaseDirectory}', the current directory or '{SourceFile()}'.");
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
