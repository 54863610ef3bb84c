namespace Workbench.Lab.Tools.Builtin;

/// <summary>Real paths (every symbolic link followed, as POSIX <c>realpath(3)</c>) and containment, so the file
/// search can tell a link that stays inside its folder from one that leads out.</summary>
internal static class FolderPaths
{
    private const int MaxLinks = 40;

    /// <summary>The canonical path of <paramref name="path"/>, or null for a link loop or an unreadable link.</summary>
    public static string? Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var pending = new Stack<string>(Enumerable.Reverse(Split(full)));
        var current = Path.GetPathRoot(full) ?? "/";
        int links = 0;
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
            if (Path.IsPathRooted(target)) current = Path.GetPathRoot(target) ?? "/";
            foreach (var piece in Enumerable.Reverse(Split(target))) pending.Push(piece);
        }
        return current;
    }

    /// <summary>Whether canonical <paramref name="path"/> is <paramref name="folder"/> or lies inside it.</summary>
    public static bool IsInside(string path, string folder)
    {
        if (path == folder) return true;
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string[] Split(string path) => path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
}
