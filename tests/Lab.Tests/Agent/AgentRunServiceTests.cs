using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Agent;
using Workbench.TestSupport.ScriptedOpenAi;

namespace Workbench.Lab.Tests.Agent;

public sealed class AgentRunServiceTests : IDisposable
{
    private readonly AgentSandbox _sandbox = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _data.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public async Task Start_RunsInBackground_OnePerOwner_SavesAndExportsJsonl()
    {
        await using var server = await ScriptedOpenAiServer.StartAsync(ScriptedModels.Conversation(
            _ => ScriptedReply.Slow(TimeSpan.FromMilliseconds(500), ScriptedReply.ToolCall("glob", """{"pattern":"*.py"}""")),
            _ => ScriptedReply.Text("Nothing to do.")));
        var runner = new AgentRunner(new TestBackends(server.BaseUrl), _sandbox.Commands, NullLogger<AgentRunner>.Instance);
        var folder = Path.Combine(_data.Path, "agent-runs");
        using var service = new AgentRunService(runner, folder, 2, NullLogger.Instance);
        var request = new AgentRunRequest(_sandbox.CalculatorTask(), TestBackends.Name, OwnerId: "alice");

        var id = service.Start(request);
        Assert.Matches("^[0-9a-f]{32}$", id);
        var rejected = Assert.Throws<AgentRunRejectedException>(() => service.Start(request));
        Assert.Contains("already have an agent run", rejected.Message);
        while (service.IsActive(id)) await Task.Delay(50);

        var record = service.Get(id)!;
        Assert.Equal(AgentRunStatus.Finished, record.Status);
        Assert.Equal(AgentStopReason.FinalAnswer, record.StopReason);
        Assert.Equal(id, record.Id);
        Assert.Equal([id], service.List("alice").Select(r => r.Id));
        Assert.Empty(service.List("bob"));

        var lines = service.ExportJsonl(id).TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(["step", "step", "run"], lines.Select(l => l["type"]!.GetValue<string>()));
        Assert.Equal("glob", lines[0]["tool_calls"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("calc.py", lines[0]["results"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("finished", lines[2]["status"]!.GetValue<string>());
        Assert.Equal("final_answer", lines[2]["stop_reason"]!.GetValue<string>());
        Assert.False(lines[2]["tests"]!["passed"]!.GetValue<bool>());
        Assert.NotNull(lines[2]["diff"]);

        // Saved and loaded by a new service.
        using var reloaded = new AgentRunService(runner, folder, 2, NullLogger.Instance);
        Assert.Equal(record.Steps.Count, reloaded.Get(id)!.Steps.Count);
        Assert.Equal(AgentStopReason.FinalAnswer, reloaded.Get(id)!.StopReason);
    }
}
