namespace Workbench.Lab.Content;

/// <summary>Path helpers for content files: error locations are relative to the labs root, with <c>/</c>.</summary>
internal static class ContentPaths
{
    /// <summary><paramref name="path"/> relative to <paramref name="labsRoot"/>, with <c>/</c> separators.</summary>
    public static string Relative(string labsRoot, string path) =>
        Path.GetRelativePath(labsRoot, path).Replace('\\', '/');

    /// <summary>True for a plain file name (no folder part, not <c>.</c> or <c>..</c>), as starter file names must be.</summary>
    public static bool IsPlainFileName(string name) =>
        name.Length > 0 && name is not "." and not ".." && name.IndexOfAny(['/', '\\']) < 0
        && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0;

    /// <summary>True for a relative path that stays inside its folder (no rooted path, no <c>..</c> segment).</summary>
    public static bool IsContainedRelativePath(string path) =>
        path.Length > 0 && !Path.IsPathRooted(path)
        && path.Split('/', '\\').All(segment => segment is not ".." && segment.Length > 0);

    /// <summary>Splits text into lines, accepting <c>\n</c> and <c>\r\n</c>.</summary>
    public static string[] SplitLines(string text) => text.Replace("\r\n", "\n").Split('\n');
}
