namespace Workbench.Engine.Models;

/// <summary>
/// The GGUF files found in <see cref="EngineOptions.ModelDirectories"/>, and name-or-path resolution for
/// <see cref="EngineOptions.DefaultModel"/> and load requests. The directories are read on every call (models
/// can be dropped in while the app runs); a missing directory is skipped. Requests to load a model go through
/// <see cref="ResolveLoadable"/>, which accepts only files inside these directories.
/// </summary>
public sealed class ModelCatalog
{
    /// <summary>The extension every model file has.</summary>
    public const string GgufExtension = ".gguf";

    /// <summary>The one answer to a load request that names no loadable file (<see cref="ResolveLoadable"/> returned
    /// null) — missing, unreadable, not a <c>.gguf</c>, or outside the model folders alike, so that the answer says
    /// nothing about which files exist on the host.</summary>
    public const string NotLoadableMessage =
        "No loadable model by that name or path. Give the file name of a model in the model folders (the Model page lists them) or a path to a .gguf file inside one of them.";

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
        OutputDirectory = string.IsNullOrWhiteSpace(options.OutputModelDirectory)
            ? null
            : Path.GetFullPath(Path.Combine(_contentRoot, options.OutputModelDirectory));
        SearchedDirectories = OutputDirectory is null ? Directories : Directories.Append(OutputDirectory).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary><see cref="EngineOptions.OutputModelDirectory"/> as a full path (existing or not), or null when
    /// none is configured: the lab's own writable folder for quantized models.</summary>
    public string? OutputDirectory { get; }

    /// <summary>Every folder the catalog reads: <see cref="Directories"/>, then <see cref="OutputDirectory"/>.</summary>
    public IReadOnlyList<string> SearchedDirectories { get; }

    /// <summary>The configured model directories as full paths, in configuration order (existing or not).</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>Lists the <c>*.gguf</c> files directly inside each existing directory of <see cref="SearchedDirectories"/>, sorted by file name
    /// within a directory, directories in configuration order.</summary>
    public IReadOnlyList<ModelFile> List()
    {
        var files = new List<ModelFile>();
        foreach (var directory in SearchedDirectories.Where(Directory.Exists))
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
    /// or a file name (with or without <c>.gguf</c>) looked up in <see cref="SearchedDirectories"/> in order.
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
        foreach (var directory in SearchedDirectories.Where(Directory.Exists))
        {
            foreach (var candidate in new[] { name, name + GgufExtension })
            {
                var path = Path.Combine(directory, candidate);
                if (File.Exists(path)) return path;
            }
        }
        return null;
    }

    /// <summary>
    /// Resolves a load request (from the API or a page) to a model file the engine may open: a file name from
    /// <see cref="List"/> (with or without <c>.gguf</c>), or a path (absolute, or relative to the content root)
    /// that — after <see cref="Path.GetFullPath(string)"/> and every symbolic link on the way — lies inside one of
    /// <see cref="SearchedDirectories"/> (also resolved), ends in <c>.gguf</c>, is a regular file and can be opened for reading.
    /// </summary>
    /// <param name="nameOrPath">The reference as the caller gave it.</param>
    /// <returns>The file's canonical full path, or null when it is none of the above; callers answer every null
    /// with <see cref="NotLoadableMessage"/> and never with the reason.</returns>
    public string? ResolveLoadable(string? nameOrPath)
    {
        if (string.IsNullOrWhiteSpace(nameOrPath)) return null;
        var reference = nameOrPath.Trim();
        if (reference.Contains('\0')) return null;
        var folders = SearchedDirectories.Select(RealPath.Resolve).OfType<string>().ToArray();
        var candidates = reference.Contains(Path.DirectorySeparatorChar) || Path.IsPathRooted(reference)
            ? [Path.Combine(_contentRoot, reference)]
            : SearchedDirectories.SelectMany(d => new[] { Path.Combine(d, reference), Path.Combine(d, reference + GgufExtension) });
        foreach (var candidate in candidates)
        {
            if (RealPath.Resolve(candidate) is not { } real
                || !real.EndsWith(GgufExtension, StringComparison.OrdinalIgnoreCase)
                || !folders.Any(f => RealPath.IsInside(real, f))
                || !IsReadableFile(real)) continue;
            return real;
        }
        return null;
    }

    private static bool IsReadableFile(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
