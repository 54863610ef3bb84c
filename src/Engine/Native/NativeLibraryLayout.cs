namespace Workbench.Engine.Native;

/// <summary>Which llama.cpp files make up one backend build, and where they lie. A pure description: it loads
/// nothing. CPU (npm <c>@node-llama-cpp/linux-x64</c>): <c>libllama.v0.5.0.so</c>, <c>libggml.v0.5.0.so</c>,
/// <c>libggml-base.so</c>, <c>libggml-cpu-*.so</c>. CUDA (<c>@node-llama-cpp/linux-x64-cuda</c>):
/// <c>libllama.cuda.v0.5.0.so</c>, <c>libggml.cuda.v0.5.0.so</c>, <c>libggml-base.so</c>, <c>libggml-cuda.so</c>.</summary>
/// <param name="Backend"><c>cpu</c> or <c>cuda</c>.</param>
/// <param name="Directory">Absolute directory holding the files.</param>
/// <param name="LlamaFileName">File behind the library name <c>llama</c>.</param>
/// <param name="GgmlFileName">File behind the library name <c>ggml</c>.</param>
/// <param name="GgmlBaseFileName">File behind the library name <c>ggml-base</c>.</param>
/// <param name="BackendFilePattern">Glob of the ggml device backends <c>ggml_backend_load_all_from_path</c> loads.</param>
internal sealed record NativeLibraryLayout(string Backend, string Directory, string LlamaFileName, string GgmlFileName,
    string GgmlBaseFileName, string BackendFilePattern)
{
    /// <summary>llama.cpp release of the npm binaries (part of the file names).</summary>
    internal const string LlamaRelease = "v0.5.0";

    /// <summary>The layout of <paramref name="backend"/> in <paramref name="directory"/>.</summary>
    /// <param name="backend"><c>cpu</c> or <c>cuda</c> (case-insensitive).</param>
    /// <param name="directory">Directory of the files; made absolute against the current directory.</param>
    /// <exception cref="ArgumentException">An unknown backend or an empty directory.</exception>
    internal static NativeLibraryLayout For(string backend, string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string dir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return backend.ToLowerInvariant() switch
        {
            "cpu" => new("cpu", dir, $"libllama.{LlamaRelease}.so", $"libggml.{LlamaRelease}.so", "libggml-base.so", "libggml-cpu-*.so"),
            "cuda" => new("cuda", dir, $"libllama.cuda.{LlamaRelease}.so", $"libggml.cuda.{LlamaRelease}.so", "libggml-base.so", "libggml-cuda.so"),
            _ => throw new ArgumentException($"Unknown llama.cpp backend '{backend}': use 'cpu' or 'cuda'.", nameof(backend)),
        };
    }

    /// <summary>The layout an <see cref="EngineOptions"/> asks for: <see cref="EngineOptions.NativeLibraryDirectory"/>
    /// (relative to <paramref name="baseDirectory"/>) or <c>&lt;baseDirectory&gt;/llama/&lt;backend&gt;</c>.</summary>
    internal static NativeLibraryLayout For(EngineOptions options, string baseDirectory)
    {
        string backend = string.IsNullOrWhiteSpace(options.Backend) ? "cpu" : options.Backend.ToLowerInvariant();
        string dir = string.IsNullOrWhiteSpace(options.NativeLibraryDirectory)
            ? Path.Combine(baseDirectory, "llama", backend)
            : Path.GetFullPath(options.NativeLibraryDirectory, baseDirectory);
        return For(backend, dir);
    }

    /// <summary>The file name for a <c>[LibraryImport]</c> library name (<c>llama</c>, <c>ggml</c>,
    /// <c>ggml-base</c>), or null for any other name.</summary>
    internal string? FileNameFor(string libraryName) => libraryName switch
    {
        LlamaNative.LibLlama => LlamaFileName,
        LlamaNative.LibGgml => GgmlFileName,
        LlamaNative.LibGgmlBase => GgmlBaseFileName,
        _ => null,
    };

    /// <summary>Full path for a library name, or null when the name is not llama.cpp's.</summary>
    internal string? PathFor(string libraryName) => FileNameFor(libraryName) is { } file ? Path.Combine(Directory, file) : null;

    /// <summary>The three files the bindings load directly.</summary>
    internal IReadOnlyList<string> RequiredFileNames => [LlamaFileName, GgmlFileName, GgmlBaseFileName];

    /// <summary>Checks that the directory, the three libraries and at least one device backend exist.</summary>
    /// <exception cref="NativeLibraryException">Something is missing; the message names it and how to get it.</exception>
    internal void EnsurePresent()
    {
        string hint = Backend == "cuda"
            ? "Build with -p:LlamaBackend=cuda (fetches @node-llama-cpp/linux-x64-cuda) or set Engine:NativeLibraryDirectory."
            : "Build the Engine project (it copies @node-llama-cpp/linux-x64 into llama/cpu) or set Engine:NativeLibraryDirectory.";
        if (!System.IO.Directory.Exists(Directory))
            throw new NativeLibraryException($"The llama.cpp library directory '{Directory}' ({Backend} backend) does not exist. {hint}");
        string[] missing = RequiredFileNames.Where(f => !File.Exists(Path.Combine(Directory, f))).ToArray();
        if (missing.Length > 0)
            throw new NativeLibraryException($"The llama.cpp library directory '{Directory}' ({Backend} backend) lacks {string.Join(", ", missing)}. {hint}");
        if (System.IO.Directory.GetFiles(Directory, BackendFilePattern).Length == 0)
            throw new NativeLibraryException($"The llama.cpp library directory '{Directory}' has no ggml device backend ({BackendFilePattern}). {hint}");
    }
}
