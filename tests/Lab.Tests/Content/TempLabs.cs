namespace Workbench.Lab.Tests.Content;

/// <summary>A labs root in a temporary folder, written from (relative path, text) pairs; deleted on dispose.</summary>
internal sealed class TempLabs : IDisposable
{
    /// <summary>A lab.md front matter for <paramref name="id"/> listing <paramref name="exercises"/>, ending in <c>---</c>
    /// on line 8.</summary>
    public static string FrontMatter(string id, params string[] exercises) =>
        $"---\nid: {id}\ntitle: T\norder: 1\nminutes: 5\nsummary: S.\nexercises: [{string.Join(", ", exercises)}]\n---\n";

    public TempLabs(params (string Path, string Text)[] files)
    {
        Root = Directory.CreateTempSubdirectory("wb-labs-").FullName;
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(Root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
    }

    /// <summary>The labs root.</summary>
    public string Root { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
