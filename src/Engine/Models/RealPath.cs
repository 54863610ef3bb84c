namespace Workbench.Engine.Models;

/// <summary>POSIX <c>realpath(3)</c> in managed code: the absolute path with every symbolic link (of the file
/// and of each folder above it) replaced by its target and no <c>.</c> or <c>..</c> left, so "inside this folder"
/// can be decided by comparing prefixes.</summary>
public static class RealPath
{
    /// <summary>Links followed before giving up (Linux's own limit, <c>MAXSYMLINKS</c>, is 40).</summary>
    private const int MaxLinks = 40;

    /// <summary>Resolves <paramref name="path"/>; the last parts may be missing (they are kept as written).</summary>
    /// <param name="path">An absolute path or one relative to the current directory.</param>
    /// <returns>The canonical path, or null for a link loop or a link that cannot be read.</returns>
    public static string? Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var pending = new Stack<string>(Enumerable.Reverse(Split(full)));
        var current = Path.GetPathRoot(full) ?? "/";
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Combine(current, part);
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) return null;
            // Go on with the target's parts in place of the link; a relative target starts from the link's folder.
            if (Path.IsPathRooted(target)) current = Path.GetPathRoot(target) ?? "/";
            foreach (var piece in Enumerable.Reverse(Split(target))) pending.Push(piece);
        }
        return current;
    }

    private static string[] Split(string path) => path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether <paramref name="path"/> lies strictly inside <paramref name="folder"/> (both canonical).</summary>
    public static bool IsInside(string path, string folder)
    {
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal);
    }
}
