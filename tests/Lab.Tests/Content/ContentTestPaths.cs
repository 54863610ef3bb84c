using System.Runtime.CompilerServices;

namespace Workbench.Lab.Tests.Content;

/// <summary>Where the content tests find the real labs and their fixture labs.</summary>
internal static class ContentTestPaths
{
    /// <summary>The repository root: the first folder above the test binaries holding <c>Workbench.sln</c>, or, when
    /// the binaries live outside the checkout (<c>WB_ARTIFACTS</c>), above this source file.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The repository's <c>labs/</c> folder.</summary>
    public static string RealLabs => Path.Combine(RepoRoot, "labs");

    /// <summary>A fixture labs root copied beside the test binaries (<c>TestContent/&lt;name&gt;</c>).</summary>
    /// <param name="name">The fixture folder, for example <c>valid</c>.</param>
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestContent", name);

    private static string FindRepoRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Workbench.sln above {AppContext.BaseDirectory} or {sourceFile}.");
    }
}
