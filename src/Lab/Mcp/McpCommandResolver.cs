namespace Workbench.Lab.Mcp;

/// <summary>Finds a stdio server's executable before it is started, so "not found" is a clear error instead of an
/// exception from deep in process start: a name without a slash is looked up on <c>PATH</c>, a path resolves against
/// the working directory.</summary>
internal static class McpCommandResolver
{
    /// <summary>The full path of an existing file for <paramref name="command"/>, or null.</summary>
    public static string? Resolve(string command, string workingDirectory)
    {
        if (command.Contains('/') || command.Contains('\\'))
        {
            string path = Path.GetFullPath(command, workingDirectory);
            return File.Exists(path) ? path : null;
        }
        string[] extensions = OperatingSystem.IsWindows()
            ? [.. (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';'), ""]
            : [""];
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string extension in extensions)
            {
                string candidate = Path.Combine(directory, command + extension);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>The error for a command that <see cref="Resolve"/> did not find.</summary>
    public static string NotFoundMessage(string command) =>
        command.Contains('/') || command.Contains('\\')
            ? $"command '{command}' not found (no such file)"
            : $"command '{command}' not found on PATH";
}
