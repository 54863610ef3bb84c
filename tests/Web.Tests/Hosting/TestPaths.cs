namespace Workbench.Web.Tests.Hosting;

/// <summary>Locates the repository root (the folder holding Workbench.sln) and the shared real models.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedModels => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "models"));

    public static string TinyStories => Path.Combine(SharedModels, "TinyStories-656K-Q8_0.gguf");

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
