using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Agent;
using Workbench.Lab.Agent.Sandboxed;
using Workbench.Lab.Backends;
using Workbench.Lab.Tests.Grading;
using Workbench.TestSupport.ScriptedOpenAi;

namespace Workbench.Lab.Tests.Agent;

/// <summary>A test <see cref="IChatBackends"/>: one backend "scripted" = MEAI's OpenAI client for a scripted server
/// (or any URL, for a dead backend), with an optional context window.</summary>
public sealed class TestBackends(Uri baseUrl, string model = "scripted-coder", int? contextWindow = null) : IChatBackends
{
    /// <summary>The backend's name.</summary>
    public const string Name = "scripted";

    /// <inheritdoc/>
    public IReadOnlyList<BackendInfo> List() =>
        [new BackendInfo(IChatBackends.BuiltInName, "Built-in", null, null, null, true), new BackendInfo(Name, "Scripted", baseUrl.ToString(), model, contextWindow, false)];

    /// <inheritdoc/>
    public IChatClient GetChatClient(string? backend, string? model = null)
    {
        if (backend != Name) throw new BackendNotFoundException(backend ?? "");
        return new OpenAIClient(new ApiKeyCredential("test-key"), new OpenAIClientOptions { Endpoint = baseUrl, NetworkTimeout = TimeSpan.FromSeconds(5) })
            .GetChatClient(model ?? this.Model).AsIChatClient();
    }

    private string Model => model;
}

/// <summary>A real sandbox and a real <see cref="AgentCommandRunner"/> on a fresh data directory, and task folders
/// written by the tests.</summary>
public sealed class AgentSandbox : IDisposable
{
    private readonly SandboxShell _shell = new();
    private readonly TempDirectory _tasks = new();

    public AgentSandbox() => Commands = new AgentCommandRunner(_shell.Launcher, AppContext.BaseDirectory, NullLogger<AgentCommandRunner>.Instance);

    public AgentCommandRunner Commands { get; }

    /// <summary>The sandbox's run root (every run folder is below it).</summary>
    public string RunRoot => _shell.Launcher.RunRoot;

    /// <summary>Writes a task folder: files (relative path → text), task.md, task.json.</summary>
    public AgentTask WriteTask(string id, string instructions, string testCommand, IReadOnlyDictionary<string, string> files)
    {
        var directory = Path.Combine(_tasks.Path, id);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, AgentTask.InstructionsFile), instructions);
        File.WriteAllText(Path.Combine(directory, AgentTask.SettingsFile), System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["test_command"] = testCommand }));
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        return AgentTask.Load(directory);
    }

    /// <summary>The calculator task: add() subtracts; the hidden test checks add and sub.</summary>
    public AgentTask CalculatorTask() => WriteTask("calc-task", "# Fix add\n\nadd(a, b) in calc.py returns the wrong value. Fix it.\n", "python3 test_calc.py",
        new Dictionary<string, string>
        {
            ["calc.py"] = Calculator,
            ["hidden/test_calc.py"] = "import calc\nassert calc.add(2, 3) == 5, calc.add(2, 3)\nassert calc.sub(5, 3) == 2\nprint('2 passed')\n",
        });

    /// <summary>calc.py as given.</summary>
    public const string Calculator = "def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a - b\n";

    public void Dispose()
    {
        _tasks.Dispose();
        _shell.Dispose();
    }
}
