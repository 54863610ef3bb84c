using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Lab.Agent;
using Workbench.TestSupport.ScriptedOpenAi;

namespace Workbench.Lab.Tests.Agent;

/// <summary>The issue's "Done when": a real OpenAI-compatible HTTP server plays the model with fixed tool calls, the
/// real sandbox runs bash, the Python check and the hidden tests.</summary>
public sealed class AgentRunnerScriptedTests : IDisposable
{
    private readonly AgentSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    // read → broken edit → non-unique edit → right edit → bash → answer.
    private static ScriptedModel FixCalculator() => ScriptedModels.Conversation(
        _ => ScriptedReply.ToolCall("read_file", """{"path":"calc.py"}"""),
        _ => ScriptedReply.ToolCall("edit_file", """{"path":"calc.py","old_string":"def add(a, b):\n    return a - b","new_string":"def add(a, b):\n    return a +"}"""),
        _ => ScriptedReply.ToolCall("edit_file", """{"path":"calc.py","old_string":"(a, b):","new_string":"(x, y):"}"""),
        _ => ScriptedReply.ToolCall("edit_file", """{"path":"calc.py","old_string":"def add(a, b):\n    return a - b","new_string":"def add(a, b):\n    return a + b"}"""),
        _ => ScriptedReply.ToolCall("bash", """{"command":"python3 -c 'import calc; print(calc.add(2, 3))'"}"""),
        _ => ScriptedReply.Text("Fixed add: it returned a - b, now a + b."));

    private async Task<(AgentRunRecord Record, ScriptedOpenAiServer Server, List<AgentRunRecord> Progress)> RunAsync(ScriptedModel model, bool verifyOnEdit, int? contextWindow = null, int maxSteps = 20, long maxTokens = 200_000, TimeSpan? wallTime = null, CancellationToken cancellationToken = default)
    {
        var server = await ScriptedOpenAiServer.StartAsync(model);
        var runner = new AgentRunner(new TestBackends(server.BaseUrl, contextWindow: contextWindow), _sandbox.Commands, NullLogger<AgentRunner>.Instance);
        var progress = new List<AgentRunRecord>();
        var record = await runner.RunAsync(new AgentRunRequest(_sandbox.CalculatorTask(), TestBackends.Name, VerifyOnEdit: verifyOnEdit,
            MaxSteps: maxSteps, MaxTokens: maxTokens, WallTime: wallTime, Seed: 7), progress.Add, cancellationToken);
        return (record, server, progress);
    }

    [Fact]
    public async Task RunAsync_VerifyOnEdit_RollsBackRefusesNudgesAndPasses()
    {
        var (record, server, progress) = await RunAsync(FixCalculator(), verifyOnEdit: true);
        await using var _ = server;

        Assert.Equal(AgentRunStatus.Finished, record.Status);
        Assert.Equal(AgentStopReason.FinalAnswer, record.StopReason);
        Assert.Null(record.Error);
        Assert.True(record.Passed, record.Tests?.Output);
        Assert.Contains("2 passed", record.Tests!.Output);
        Assert.Equal("python3 test_calc.py", record.Tests.Command);
        Assert.Equal(0, record.Tests.ExitCode);
        Assert.Equal(6, record.Steps.Count);
        Assert.Equal("Fixed add: it returned a - b, now a + b.", record.FinalAnswer);

        var read = Assert.Single(record.Steps[0].Results);
        Assert.False(read.IsError);
        Assert.Contains("     1\tdef add(a, b):\n     2\t    return a - b\n", read.Text);
        Assert.Contains("(lines 1–6 of 6)", read.Text);

        var broken = Assert.Single(record.Steps[1].Results);
        Assert.True(broken.IsError);
        Assert.StartsWith("The edit to calc.py was rolled back: it introduced syntax errors", broken.Text);
        Assert.Matches(@"calc\.py:2:\d+: SyntaxError", broken.Text);
        Assert.Equal(0, broken.EditIndex);
        Assert.True(record.Edits[0].RolledBack);
        Assert.Equal(SandboxCalculator, record.Edits[0].Before);
        Assert.Null(record.Steps[1].Nudge);
        // The model saw the rollback as the tool result.
        Assert.Contains(server.Requests, r => r.AssistantTurns == 2 && r.LastToolResults.Single().StartsWith("The edit to calc.py was rolled back", StringComparison.Ordinal));

        var refused = Assert.Single(record.Steps[2].Results);
        Assert.True(refused.IsError);
        Assert.Equal("old_string occurs 2 times in calc.py; include more surrounding lines to make it unique", refused.Text);
        Assert.Null(refused.EditIndex);

        var right = Assert.Single(record.Steps[3].Results);
        Assert.False(right.IsError, right.Text);
        Assert.Equal(1, right.EditIndex);
        Assert.False(record.Edits[1].RolledBack);
        Assert.Equal(AgentPrompts.Nudge, record.Steps[3].Nudge);
        Assert.Contains(server.Requests, r => r.AssistantTurns == 4 && r.LastMessageText == AgentPrompts.Nudge);
        Assert.Single(record.Steps, s => s.Nudge is not null);

        var bash = Assert.Single(record.Steps[4].Results);
        Assert.Equal("5\n[exit code 0]", bash.Text);

        foreach (var step in record.Steps)
        {
            Assert.NotEmpty(step.Raw);
            Assert.True(step.InputTokens > 0 && step.OutputTokens > 0);
            Assert.True(step.Ms > 0);
        }
        Assert.Equal("bash", record.Steps[4].ToolCalls.Single().Name);
        Assert.Contains("\"command\"", record.Steps[4].Raw);
        Assert.Equal(record.Steps.Sum(s => s.InputTokens), record.InputTokens);

        Assert.Contains("--- a/calc.py", record.Diff);
        Assert.Contains("+++ b/calc.py", record.Diff);
        Assert.Contains("@@ -1,", record.Diff);
        Assert.Contains("-    return a - b\n+    return a + b", record.Diff);
        Assert.DoesNotContain("test_calc", record.Diff);
        Assert.Contains(progress, p => p.Status == AgentRunStatus.Testing);
        Assert.Empty(Directory.GetDirectories(_sandbox.RunRoot)); // the run folder is gone
        // Every request carried the six tools and the seed.
        Assert.All(server.Requests, r => Assert.Equal(["read_file", "edit_file", "write_file", "grep", "glob", "bash"], r.ToolNames));
        Assert.All(server.Requests, r => Assert.Equal(7, r.Body["seed"]!.GetValue<int>()));
    }

    private const string SandboxCalculator = AgentSandbox.Calculator;

    [Fact]
    public async Task RunAsync_VerifyOff_KeepsBrokenEditAndHiddenTestsFail()
    {
        var (record, server, _) = await RunAsync(FixCalculator(), verifyOnEdit: false);
        await using var _s = server;

        Assert.Equal(AgentRunStatus.Finished, record.Status);
        Assert.Equal(AgentStopReason.FinalAnswer, record.StopReason);
        Assert.False(record.Passed);
        Assert.Contains("SyntaxError", record.Tests!.Output);
        Assert.False(record.Steps[1].Results.Single().IsError);
        Assert.False(record.Edits[0].RolledBack);
        Assert.True(record.Steps[2].Results.Single().IsError);
        Assert.Equal("old_string not found in calc.py", record.Steps[3].Results.Single().Text);
        Assert.Contains("SyntaxError", record.Steps[4].Results.Single().Text);
        Assert.All(record.Steps, s => Assert.Null(s.Nudge));
        Assert.Contains("+    return a +\n", record.Diff);
    }

    [Fact]
    public async Task RunAsync_MaxSteps_StopsAndStillTests()
    {
        var (record, server, _) = await RunAsync(ScriptedModels.Always(ScriptedReply.ToolCall("glob", """{"pattern":"**/*.py"}""")), verifyOnEdit: true, maxSteps: 3);
        await using var _s = server;
        Assert.Equal(AgentStopReason.MaxSteps, record.StopReason);
        Assert.Equal(3, record.Steps.Count);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal("calc.py", record.Steps[0].Results.Single().Text);
        Assert.False(record.Passed);
        Assert.NotNull(record.Tests);
        Assert.Equal("", record.Diff);
    }

    [Fact]
    public async Task RunAsync_MaxTokens_StopsWhenUsageReachesTheBudget()
    {
        var model = ScriptedModels.Always(new ScriptedReply.CompletionReply("", [new ScriptedToolCall("glob", """{"pattern":"*"}""")], PromptTokens: 400, CompletionTokens: 100));
        var (record, server, _) = await RunAsync(model, verifyOnEdit: true, maxTokens: 1200);
        await using var _s = server;
        Assert.Equal(AgentStopReason.MaxTokens, record.StopReason);
        Assert.Equal(3, record.Steps.Count); // 500, 1000, 1500 ≥ 1200
        Assert.Equal(1500, record.InputTokens + record.OutputTokens);
        Assert.NotNull(record.Tests);
    }

    [Fact]
    public async Task RunAsync_WallTime_StopsASlowBackend()
    {
        var model = ScriptedModels.Always(ScriptedReply.Slow(TimeSpan.FromSeconds(30), ScriptedReply.Text("late")));
        var (record, server, _) = await RunAsync(model, verifyOnEdit: true, wallTime: TimeSpan.FromSeconds(1));
        await using var _s = server;
        Assert.Equal(AgentStopReason.WallTime, record.StopReason);
        Assert.Empty(record.Steps);
        Assert.NotNull(record.Tests);
        Assert.False(record.Passed);
    }

    [Fact]
    public async Task RunAsync_Stop_EndsTheLoopAndStillTests()
    {
        using var stop = new CancellationTokenSource();
        var model = ScriptedModels.Conversation(
            _ => ScriptedReply.ToolCall("read_file", """{"path":"calc.py"}"""),
            _ => { stop.Cancel(); return ScriptedReply.Slow(TimeSpan.FromSeconds(30), ScriptedReply.Text("late")); });
        var (record, server, _) = await RunAsync(model, verifyOnEdit: true, cancellationToken: stop.Token);
        await using var _s = server;
        Assert.Equal(AgentStopReason.Stopped, record.StopReason);
        Assert.Single(record.Steps);
        Assert.NotNull(record.Tests);
        Assert.Equal(AgentRunStatus.Finished, record.Status);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("garbage")]
    public async Task RunAsync_BackendFailure_IsBackendErrorAndTestsStillRun(string kind)
    {
        var reply = kind == "http" ? ScriptedReply.HttpError(503, "model overloaded", "server_error") : ScriptedReply.Garbage();
        var (record, server, _) = await RunAsync(ScriptedModels.Always(reply), verifyOnEdit: true);
        await using var _s = server;
        Assert.Equal(AgentRunStatus.Failed, record.Status);
        Assert.Equal(AgentStopReason.BackendError, record.StopReason);
        Assert.Contains("scripted", record.Error);
        if (kind == "http") Assert.Contains("503", record.Error);
        Assert.NotNull(record.Tests);
        Assert.False(record.Tests!.Passed);
        Assert.Contains("AssertionError", record.Tests.Output); // add() still subtracts
    }

    [Fact]
    public async Task RunAsync_DeadBackend_IsBackendErrorAndTestsStillRun()
    {
        var runner = new AgentRunner(new TestBackends(new Uri("http://127.0.0.1:9/v1/")), _sandbox.Commands, NullLogger<AgentRunner>.Instance);
        var record = await runner.RunAsync(new AgentRunRequest(_sandbox.CalculatorTask(), TestBackends.Name), null, CancellationToken.None);
        Assert.Equal(AgentStopReason.BackendError, record.StopReason);
        Assert.Contains("'scripted'", record.Error);
        Assert.Equal("python3 test_calc.py", record.Tests!.Command);
        Assert.False(record.Tests.Passed);
        Assert.Contains("AssertionError", record.Tests.Output);
    }

    [Fact]
    public async Task RunAsync_SmallContextWindow_CompactsWithAModelWrittenSummary()
    {
        var model = (ScriptedModel)(r => r.Messages.Count > 0 && r.Messages[0]["content"]?.ToString() == AgentPrompts.CompactionSystem
            ? ScriptedReply.Text("SUMMARY: read calc.py; add subtracts.")
            : r.AllText.Contains("SUMMARY:", StringComparison.Ordinal) && r.AssistantTurns >= 1
                ? ScriptedReply.Text("done")
                : ScriptedReply.ToolCall("read_file", """{"path":"calc.py"}"""));
        var (record, server, _) = await RunAsync(model, verifyOnEdit: true, contextWindow: 400);
        await using var _s = server;

        var compacted = Assert.Single(record.Steps, s => s.Compaction is not null);
        Assert.Equal("SUMMARY: read calc.py; add subtracts.", compacted.Compaction);
        var summaryRequest = Assert.Single(server.Requests, r => r.ToolNames.Count == 0);
        var after = server.Requests.First(r => r.Number > summaryRequest.Number);
        var before = server.Requests.Last(r => r.Number < summaryRequest.Number);
        Assert.True(after.Messages.Count < before.Messages.Count + 2, $"{after.Messages.Count} vs {before.Messages.Count}");
        Assert.Contains("SUMMARY: read calc.py", after.AllText);
        Assert.Equal(AgentStopReason.FinalAnswer, record.StopReason);
    }
}
