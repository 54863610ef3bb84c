namespace Workbench.Engine.Models;

/// <summary>
/// The GGUF files found in <see cref="EngineOptions.ModelDirectories"/>, and name-or-path resolution for
/// <see cref="EngineOptions.DefaultModel"/> and load requests. The directories are read on every call (models
/// can be dropped in while the app runs); a missing directory is skipped.
/// </summary>
public sealed class ModelCatalog
{
    /// <summary>The extension every model file has.</summary>
    public const string GgufExtension = ".gguf";

    private readonly string _contentRoot;

    /// <summary>Creates a catalog over <paramref name="options"/>'s directories.</summary>
    /// <param name="options">Engine options; <see cref="EngineOptions.ModelDirectories"/> are read.</param>
    /// <param name="contentRoot">Base of relative directories and paths (the app's content root).</param>
    public ModelCatalog(EngineOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(contentRoot);
        _contentRoot = Path.GetFullPath(contentRoot);
        Directories = options.ModelDirectories
            .Where(d => !string.IsNullOrWhiteSpace(d))
            .Select(d => Path.GetFullPath(Path.Combine(_contentRoot, d)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The configured model directories as full paths, in configuration order (existing or not).</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>Lists the <c>*.gguf</c> files directly inside each existing directory, sorted by file name
    /// within a directory, directories in configuration order.</summary>
    public IReadOnlyList<ModelFile> List()
    {
        var files = new List<ModelFile>();
        foreach (var directory in Directories.Where(Directory.Exists))
        {
            foreach (var path in Directory.EnumerateFiles(directory, "*" + GgufExtension).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(path);
                files.Add(new ModelFile(info.FullName, info.Name, info.Length, directory));
            }
        }
        return files;
    }

    /// <summary>
    /// Resolves a model reference to an existing file: an absolute path; a path relative to the content root;
    /// or a file name (with or without <c>.gguf</c>) looked up in <see cref="Directories"/> in order.
    /// </summary>
    /// <param name="nameOrPath">The reference; null or blank resolves to null.</param>
    /// <returns>The file's full path, or null when nothing matches. The extension is not checked here.</returns>
    public string? Resolve(string? nameOrPath)
    {
        if (string.IsNullOrWhiteSpace(nameOrPath)) return null;
        var reference = nameOrPath.Trim();

        var asPath = Path.GetFullPath(Path.Combine(_contentRoot, reference));
        if (File.Exists(asPath)) return asPath;
        if (Path.IsPathRooted(reference)) return null;

        var name = Path.GetFileName(reference);
        foreach (var directory in Directories.Where(Directory.Exists))
        {
            foreach (var candidate in new[] { name, name + GgufExtension })
            {
                var path = Path.Combine(directory, candidate);
                if (File.Exists(path)) return path;
            }
        }
        return null;
    }
}
