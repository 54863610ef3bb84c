namespace Workbench.Web.Tests.Hosting;

/// <summary>Locates the repository root (the folder holding Workbench.sln) and the shared real models.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedModels => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "models"));

    public static string TinyStories => Path.Combine(SharedModels, "TinyStories-656K-Q8_0.gguf");

    /// <summary><paramref name="path"/> with every symbolic link on it resolved (as realpath(3) does): a model loaded
    /// through <c>/models/load</c> is reported at its real path, and <c>../shared</c> may be a link (as in a clone
    /// beside a linked <c>shared/</c>).</summary>
    public static string Real(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            for (var hops = 0; hops < 40 && new FileInfo(current).LinkTarget is { } target; hops++)
                current = Path.GetFullPath(target, Path.GetDirectoryName(current)!);
        }
        return current;
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) return dir.FullName;
            }
        }
        // Build trees outside the checkout (WB_ARTIFACTS): the test project's source location is known at build time.
        var source = Path.GetDirectoryName(SourceFile())!;
        return Path.GetFullPath(Path.Combine(source, "..", "..", ".."));
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
