using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Lab.Agent;

/// <summary>
/// A coding task for the agent (issue 14 §2): a folder holding
/// <list type="bullet">
/// <item><c>task.md</c> — the instructions, sent as the user message;</item>
/// <item><c>task.json</c> — <c>{"test_command": "...", "title"?: "...", "language"?: "csharp" | "python"}</c>;
/// the test command runs in the sandbox, in the workspace, after the agent stops;</item>
/// <item>the files the agent works on (everything else, copied into the run's workspace);</item>
/// <item><c>hidden/</c> — optional hidden tests: never shown to the agent, copied over the workspace (same relative
/// paths) after it stops and before the test command runs.</item>
/// </list>
/// </summary>
/// <param name="Id">The folder's name.</param>
/// <param name="Title">task.json's <c>title</c>, else the first Markdown heading of task.md, else the id.</param>
/// <param name="Directory">The folder's full path.</param>
/// <param name="Instructions">task.md's text.</param>
/// <param name="TestCommand">task.json's <c>test_command</c> (a shell command line).</param>
/// <param name="Language">task.json's <c>language</c>, else guessed from the files (<c>.cs</c> → csharp, <c>.py</c> → python).</param>
public sealed record AgentTask(string Id, string Title, string Directory, string Instructions, string TestCommand, AgentLanguage Language)
{
    /// <summary>The instructions file.</summary>
    public const string InstructionsFile = "task.md";

    /// <summary>The settings file.</summary>
    public const string SettingsFile = "task.json";

    /// <summary>The hidden tests folder.</summary>
    public const string HiddenFolder = "hidden";

    /// <summary>Reads a task folder.</summary>
    /// <param name="directory">The folder.</param>
    /// <exception cref="AgentTaskException">task.md or task.json is missing, task.json is not JSON or has no
    /// <c>test_command</c>, or the language is unknown (the message names the file).</exception>
    public static AgentTask Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var full = Path.GetFullPath(directory);
        var id = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
        var instructionsPath = Path.Combine(full, InstructionsFile);
        var settingsPath = Path.Combine(full, SettingsFile);
        if (!File.Exists(instructionsPath)) throw new AgentTaskException($"{instructionsPath}: missing (the task's instructions).");
        if (!File.Exists(settingsPath)) throw new AgentTaskException($"{settingsPath}: missing (needs {{\"test_command\": \"...\"}}).");
        TaskSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize<TaskSettings>(File.ReadAllText(settingsPath));
        }
        catch (JsonException e)
        {
            throw new AgentTaskException($"{settingsPath}: not valid JSON ({e.Message}).");
        }
        if (string.IsNullOrWhiteSpace(settings?.TestCommand))
            throw new AgentTaskException($"{settingsPath}: \"test_command\" is missing or empty.");
        var instructions = File.ReadAllText(instructionsPath);
        var title = !string.IsNullOrWhiteSpace(settings.Title) ? settings.Title!
            : instructions.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? id;
        var language = settings.Language?.ToLowerInvariant() switch
        {
            "csharp" or "c#" => AgentLanguage.CSharp,
            "python" => AgentLanguage.Python,
            null or "" => GuessLanguage(full),
            var other => throw new AgentTaskException($"{settingsPath}: unknown \"language\" '{other}' (csharp or python)."),
        };
        return new AgentTask(id, title, full, instructions, settings.TestCommand!, language);
    }

    /// <summary>The files copied into a workspace, as paths relative to <see cref="Directory"/> ('/' separated,
    /// sorted): everything but task.json and <c>hidden/</c>.</summary>
    public IReadOnlyList<string> WorkspaceFiles() => RelativeFiles(Directory)
        .Where(p => p != SettingsFile && !p.StartsWith(HiddenFolder + "/", StringComparison.Ordinal))
        .ToList();

    /// <summary>The hidden test files, relative to <c>hidden/</c> ('/' separated, sorted); empty when there are none.</summary>
    public IReadOnlyList<string> HiddenFiles()
    {
        var hidden = Path.Combine(Directory, HiddenFolder);
        return System.IO.Directory.Exists(hidden) ? RelativeFiles(hidden) : [];
    }

    private static List<string> RelativeFiles(string root) => System.IO.Directory
        .EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
        .Order(StringComparer.Ordinal)
        .ToList();

    private static AgentLanguage GuessLanguage(string directory)
    {
        var files = System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToList();
        if (files.Any(f => f.EndsWith(".cs", StringComparison.Ordinal))) return AgentLanguage.CSharp;
        if (files.Any(f => f.EndsWith(".py", StringComparison.Ordinal))) return AgentLanguage.Python;
        return AgentLanguage.Other;
    }

    private sealed class TaskSettings
    {
        [JsonPropertyName("test_command")] public string? TestCommand { get; set; }
        [JsonPropertyName("title")] public string? Title { get; set; }
        [JsonPropertyName("language")] public string? Language { get; set; }
    }
}

/// <summary>The language of a task's files, which picks the verify-on-edit syntax check.</summary>
public enum AgentLanguage
{
    /// <summary>C#: Roslyn's syntax diagnostics.</summary>
    CSharp,

    /// <summary>Python: <c>python3 -m py_compile</c> in the sandbox.</summary>
    Python,

    /// <summary>Anything else: no syntax check.</summary>
    Other,
}

/// <summary>A task folder is not valid (the message names the file and what is wrong).</summary>
/// <param name="message">The message.</param>
public sealed class AgentTaskException(string message) : Exception(message);
