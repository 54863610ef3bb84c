using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Agent;
using Workbench.Lab.Agent.Experiments;
using Workbench.Lab.Backends;
using Workbench.TestSupport.ScriptedOpenAi;

namespace Workbench.Lab.Tests.Agent.Experiments;

/// <summary>
/// The A/B runner on the REAL agent runner, the real sandbox and lab 08's real tasks (issue 14's "done when": the
/// runner runs on the embedded model and on the scripted OpenAI-compatible server with correct counts).
/// </summary>
public sealed class AgentExperimentRealRunnerTests : IDisposable
{
    private readonly AgentSandbox _sandbox = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _sandbox.Dispose();
        _data.Dispose();
    }

    private AgentExperimentRunner Experiments(IChatBackends backends) => new(
        new AgentRunner(backends, _sandbox.Commands, NullLogger<AgentRunner>.Instance), AgentExperimentRunnerTests.RealCatalog(),
        new AgentExperimentStore(_data.Path, NullLogger<AgentExperimentStore>.Instance),
        Options.Create(new AgentOptions { MaxConcurrentRuns = 2 }), null, NullLogger<AgentExperimentRunner>.Instance);

    [Fact]
    public async Task RunAsync_StoryModel_EveryRunEndsItsTestsFailAndEveryRunIsCounted()
    {
        await using var engine = new LlamaEngine(TestModels.Options(o => o.ParallelSequences = 2));
        await engine.LoadModelAsync(TestModels.Stories260K, null, CancellationToken.None);
        var backends = new ChatBackends(Options.Create(new BackendOptions()), engine);

        var result = await Experiments(backends).RunAsync(
            new AgentExperiment(["cs-null-name", "py-empty-list"], Backend: IChatBackends.BuiltInName, Seeds: 1, MaxSteps: 2), null, null, CancellationToken.None);

        // Two tasks × two arms × one seed: four real runs, each with its hidden tests run and failed.
        Assert.Equal(4, result.Runs.Count);
        Assert.All(result.Arms, a => Assert.Equal((0, 2), (a.Passed, a.N)));
        Assert.All(result.Arms, a => Assert.Equal(0, a.PassRate));
        Assert.All(result.Runs, r => Assert.NotEmpty(r.RunId));
        Assert.All(result.Runs, r => Assert.False(r.Passed));
    }

    /// <summary>
    /// A scripted model that makes each task's one-line fix first with a syntax error in it, then the clean fix, then
    /// answers. With verify-on-edit the broken edit is rolled back, so the clean fix applies and the hidden tests pass;
    /// without it the broken edit stays, the clean fix no longer matches, and the tests fail: verify N/N, baseline 0/N.
    /// </summary>
    [Fact]
    public async Task RunAsync_ScriptedServer_VerifyRollsBackTheBrokenFix_CountsExact()
    {
        string[] ids = ["py-integer-division", "cs-average-intdiv"];
        var catalog = AgentExperimentRunnerTests.RealCatalog();
        var routes = new Dictionary<string, ScriptedModel>();
        foreach (var id in ids)
        {
            var task = catalog.Get(id)!;
            var (path, oldLine, newLine) = OneLineFix(task);
            string Edit(string from, string to) => System.Text.Json.JsonSerializer.Serialize(new { path, old_string = from, new_string = to });
            routes[task.Instructions[..Math.Min(60, task.Instructions.Length)]] = ScriptedModels.Conversation(
                _ => ScriptedReply.ToolCall("edit_file", Edit(oldLine, newLine + " ((")),
                _ => ScriptedReply.ToolCall("edit_file", Edit(oldLine, newLine)),
                _ => ScriptedReply.Text("Done."));
        }
        await using var server = await ScriptedOpenAiServer.StartAsync(ScriptedModels.ByFirstUserMessage(routes));

        var result = await Experiments(new TestBackends(server.BaseUrl)).RunAsync(
            new AgentExperiment(ids, Backend: TestBackends.Name, Seeds: 2, MaxSteps: 5), null, null, CancellationToken.None);

        var verify = Assert.Single(result.Arms, a => a.VerifyOnEdit);
        var baseline = Assert.Single(result.Arms, a => !a.VerifyOnEdit);
        Assert.Equal((4, 4), (verify.Passed, verify.N));
        Assert.Equal((0, 4), (baseline.Passed, baseline.N));
        Assert.Equal(8, result.Runs.Count);
        Assert.Equal(8 * 3, server.Requests.Count);
    }

    /// <summary>The file, the buggy line and the fixed line of a task whose reference fix changes one line.</summary>
    private static (string Path, string Old, string New) OneLineFix(AgentTask task)
    {
        var fixes = Path.Combine(TestModels.RepoRoot, "tests", "Lab.Tests", "Agent", "TaskFixes", task.Id);
        var fixFile = Directory.EnumerateFiles(fixes, "*", SearchOption.AllDirectories).Single();
        var relative = Path.GetRelativePath(fixes, fixFile).Replace('\\', '/');
        var before = File.ReadAllLines(Path.Combine(task.Directory, relative));
        var after = File.ReadAllLines(fixFile);
        Assert.Equal(before.Length, after.Length);
        var line = Enumerable.Range(0, before.Length).Single(i => before[i] != after[i]);
        return (relative, before[line].Trim(), after[line].Trim());
    }
}
