using System.Text;
using Workbench.Engine.Models;
using Workbench.Lab.Tools;

namespace Workbench.Lab.Agent;

/// <summary>
/// One agent run's copy of a task's files (<see cref="AgentTask.WorkspaceFiles"/>) inside its sandbox run folder
/// (<c>SandboxLauncher.CreateRunDirectory</c>), so the sandboxed <c>bash</c> tool sees it as its working directory.
/// Every tool path goes through <see cref="Resolve"/>: relative paths only, '/' separated; <c>..</c>, absolute paths,
/// NUL, and anything whose real path (every symbolic link followed, <see cref="RealPath"/>) leaves the workspace are
/// refused with a <see cref="ToolException"/> the model reads.
/// </summary>
/// <remarks>
/// The host reads and writes through <see cref="AgentNative"/> (<c>O_NOFOLLOW | O_NONBLOCK</c>) on the resolved real
/// path, so a link the sandbox planted is never followed out and a FIFO never blocks the host. Tools run one at a
/// time and no sandboxed process outlives its command (its PID namespace dies with it), so nothing can swap a path
/// between the check and the open. Files are written as root; <c>AgentCommandRunner</c> gives every entry to the
/// run's uid (<c>lchown</c>) before each sandboxed command, so the sandbox can still change them.
/// </remarks>
public sealed class AgentWorkspace
{
    /// <summary>The largest file a tool reads or writes, in bytes (1 MiB).</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>The most files a walk (<c>grep</c>, <c>glob</c>, the diff) looks at.</summary>
    public const int MaxFiles = 5000;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _realRoot;

    /// <summary>A workspace over an existing folder (its files are not touched).</summary>
    /// <param name="root">The run folder.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public AgentWorkspace(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The workspace '{root}' does not exist.");
        Root = Path.GetFullPath(root);
        _realRoot = RealPath.Resolve(Root) ?? Root;
    }

    /// <summary>The run folder (absolute).</summary>
    public string Root { get; }

    /// <summary>Copies <paramref name="task"/>'s workspace files into <paramref name="runDirectory"/> (an empty run
    /// folder) and returns the workspace. Links in the task folder are copied as the files they point to only when
    /// those lie inside the task folder; others are skipped.</summary>
    /// <param name="task">The task.</param>
    /// <param name="runDirectory">An empty run folder.</param>
    public static AgentWorkspace Create(AgentTask task, string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(task);
        var workspace = new AgentWorkspace(runDirectory);
        workspace.CopyFrom(task.Directory, task.WorkspaceFiles());
        return workspace;
    }

    /// <summary>Copies <paramref name="files"/> (relative to <paramref name="sourceRoot"/>) over the workspace (the hidden
    /// tests after the agent stopped). A file of the task whose real path leaves <paramref name="sourceRoot"/> is skipped.</summary>
    /// <param name="sourceRoot">The folder the paths are relative to.</param>
    /// <param name="files">'/' separated relative paths.</param>
    public void CopyFrom(string sourceRoot, IEnumerable<string> files)
    {
        var realSource = RealPath.Resolve(sourceRoot) ?? sourceRoot;
        foreach (var relative in files)
        {
            var source = RealPath.Resolve(Path.Combine(sourceRoot, relative));
            if (source is null || !RealPath.IsInside(source, realSource) || !File.Exists(source)) continue;
            WriteBytes(relative, File.ReadAllBytes(source), checkSize: false);
        }
    }

    /// <summary>Resolves a tool's path to the real absolute path inside the workspace.</summary>
    /// <param name="path">A relative path ('/' separated); "" or "." is the workspace itself.</param>
    /// <returns>The real path (it may not exist yet).</returns>
    /// <exception cref="ToolException">The path is absolute, holds <c>..</c> or NUL, or leads out of the workspace
    /// (through a link).</exception>
    public string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains('\0', StringComparison.Ordinal)) throw new ToolException("The path holds a NUL character.");
        var trimmed = path.Trim();
        if (trimmed.StartsWith('/') || trimmed.StartsWith('\\') || Path.IsPathRooted(trimmed) || trimmed.StartsWith('~'))
            throw new ToolException($"'{path}' is an absolute path; use a path relative to the workspace (for example 'src/app.py').");
        var parts = trimmed.Split('/', '\\');
        if (parts.Any(p => p == "..")) throw new ToolException($"'{path}' goes up with '..'; only paths inside the workspace are allowed.");
        var full = Path.GetFullPath(Path.Combine(Root, Path.Combine([.. parts.Where(p => p.Length > 0 && p != ".")])));
        var real = RealPath.Resolve(full) ?? throw new ToolException($"'{path}' could not be resolved (a link loop?).");
        if (real != _realRoot && !RealPath.IsInside(real, _realRoot))
            throw new ToolException($"'{path}' leads outside the workspace (through a symbolic link); only files inside it are allowed.");
        return real;
    }

    /// <summary>The workspace-relative, '/' separated form of a real path from <see cref="Resolve"/>.</summary>
    public string ToRelative(string realPath) =>
        realPath == _realRoot ? "." : Path.GetRelativePath(_realRoot, realPath).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Whether <paramref name="path"/> is an existing regular file (after <see cref="Resolve"/>).</summary>
    /// <exception cref="ToolException">The path is refused.</exception>
    public bool FileExists(string path) => File.Exists(Resolve(path));

    /// <summary>Reads a text file (UTF-8).</summary>
    /// <param name="path">A workspace-relative path.</param>
    /// <exception cref="ToolException">The path is refused, is a folder, is missing, or is over <see cref="MaxFileBytes"/>
    /// (the message gives its size).</exception>
    public string ReadText(string path)
    {
        var real = Resolve(path);
        if (Directory.Exists(real)) throw new ToolException($"'{path}' is a folder, not a file; use glob to list it.");
        if (!File.Exists(real)) throw new ToolException($"'{path}' does not exist.");
        try
        {
            using var handle = AgentNative.OpenRead(real);
            var length = RandomAccess.GetLength(handle);
            if (length > MaxFileBytes)
                throw new ToolException($"'{path}' is {length:N0} bytes; files over {MaxFileBytes:N0} bytes are not read.");
            var bytes = new byte[length];
            var read = length == 0 ? 0 : RandomAccess.Read(handle, bytes, 0);
            return Utf8.GetString(bytes, 0, read);
        }
        catch (IOException e)
        {
            throw new ToolException($"'{path}' could not be read: {e.Message}");
        }
    }

    /// <summary>Writes a text file (UTF-8, no BOM), creating folders inside the workspace.</summary>
    /// <param name="path">A workspace-relative path.</param>
    /// <param name="text">The whole new content.</param>
    /// <exception cref="ToolException">The path is refused or is a folder, or the text is over <see cref="MaxFileBytes"/>.</exception>
    public void WriteText(string path, string text) => WriteBytes(path, Utf8.GetBytes(text), checkSize: true);

    /// <summary>Deletes a file (the rollback of a file an edit created); nothing when it is missing.</summary>
    /// <exception cref="ToolException">The path is refused.</exception>
    public void Delete(string path)
    {
        var real = Resolve(path);
        if (File.Exists(real)) File.Delete(real);
    }

    /// <summary>Regular files under <paramref name="path"/> (a folder or one file), workspace-relative, sorted
    /// ordinally; symbolic links are skipped (never followed), at most <see cref="MaxFiles"/>.</summary>
    /// <exception cref="ToolException">The path is refused or missing.</exception>
    public IReadOnlyList<string> Files(string path = ".")
    {
        var real = Resolve(path);
        if (File.Exists(real)) return [ToRelative(real)];
        if (!Directory.Exists(real)) throw new ToolException($"'{path}' does not exist.");
        var found = new List<string>();
        var pending = new Stack<string>([real]);
        while (pending.TryPop(out var folder) && found.Count < MaxFiles)
        {
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo) pending.Push(entry.FullName);
                else if (found.Count < MaxFiles) found.Add(ToRelative(entry.FullName));
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private void WriteBytes(string path, byte[] bytes, bool checkSize)
    {
        if (checkSize && bytes.Length > MaxFileBytes)
            throw new ToolException($"The content is {bytes.Length:N0} bytes; files over {MaxFileBytes:N0} bytes are not written.");
        var real = Resolve(path);
        if (Directory.Exists(real)) throw new ToolException($"'{path}' is a folder, not a file.");
        var folder = Path.GetDirectoryName(real)!;
        // Every existing part of the real path is a folder, not a link (Resolve followed them all); missing ones are made.
        Directory.CreateDirectory(folder);
        try
        {
            using var handle = AgentNative.OpenWrite(real);
            RandomAccess.Write(handle, bytes, 0);
        }
        catch (IOException e)
        {
            throw new ToolException($"'{path}' could not be written: {e.Message}");
        }
    }
}
