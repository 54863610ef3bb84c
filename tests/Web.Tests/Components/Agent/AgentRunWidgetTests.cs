using Bunit;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workbench.Lab;
using Workbench.Lab.Agent;
using Workbench.Lab.Backends;
using Workbench.Web.Components.Widgets.Agent;

namespace Workbench.Web.Tests.Components.Agent;

/// <summary>The agent-run widget on the real <see cref="AgentRunService"/> (its runner plays a scripted run step by
/// step, released by the test) and the lab's real task folders.</summary>
public sealed class AgentRunWidgetTests : IDisposable
{
    private readonly BunitContext _ctx = new();
    private readonly string _data = Directory.CreateTempSubdirectory("agent-ui-").FullName;
    private readonly SteppedRunner _runner = new();
    private readonly AgentRunService _service;

    public AgentRunWidgetTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.AddAuthorization();
        var labs = Path.Combine(FindRepoRoot(), "labs");
        var options = Options.Create(new LabOptions { ContentDirectory = labs, DataDirectory = _data });
        _service = new AgentRunService(_runner, options, Options.Create(new AgentOptions()), NullLogger<AgentRunService>.Instance);
        _ctx.Services.AddSingleton(_service);
        _ctx.Services.AddSingleton<IChatBackends>(new ListedBackends());
        _ctx.Services.AddSingleton(new AgentTaskCatalog(Options.Create(new AgentOptions { TaskDirectories = [Path.Combine(labs, "08-coding-agent", "tasks")] }), NullLogger<AgentTaskCatalog>.Instance));
        _ctx.Services.AddWebUiComponentServices();
    }

    [Fact]
    public void Render_ListsTheLabTasksAndBackends_ShowsTheExactVerifyTexts()
    {
        var cut = _ctx.Render<AgentRunWidget>();

        var tasks = cut.FindAll("select[id$='-task'] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(12, tasks.Count);
        Assert.Contains("py-mutable-default", tasks);
        Assert.Equal(["built-in", "scripted"], cut.FindAll(".wb-backend-picker select option").Select(o => o.GetAttribute("value")));
        Assert.Equal(AgentPrompts.Nudge, cut.Find("[aria-label='Nudge text']").TextContent);
        Assert.StartsWith("The edit to {path} was rolled back", cut.Find("[aria-label='Rollback text']").TextContent, StringComparison.Ordinal);

        cut.Find("input[aria-label='Verify-on-edit']").Change(false);
        Assert.Empty(cut.FindAll("[aria-label='Nudge text']"));
        Assert.NotNull(cut.Find("[aria-label='Verify-on-edit off']"));
    }

    [Fact]
    public async Task Start_RunsLive_StartDisabledWhileActive_SecondStartRejected_Stop()
    {
        var cut = _ctx.Render<AgentRunWidget>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["task"] = "py-mutable-default", ["backend"] = "scripted", ["max_steps"] = "7" }));
        var other = _ctx.Render<AgentRunWidget>();

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Start the agent']").Click());
        var request = await _runner.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("py-mutable-default", "scripted", true, 7), (request.Task.Id, request.Backend, request.VerifyOnEdit, request.MaxSteps));
        cut.WaitForAssertion(() => Assert.True(cut.Find("button[aria-label='Start the agent']").HasAttribute("disabled")));
        Assert.False(cut.Find("button[aria-label='Stop the agent']").HasAttribute("disabled"));

        _runner.Release(2);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[aria-label='Steps'] > li").Count));
        Assert.Contains("Running step 3", cut.Find("[aria-label='Run status']").TextContent);
        Assert.Matches("^api/agent/runs/[0-9a-f]{32}/export$", cut.Find("a[download]").GetAttribute("href"));

        // One run per owner: the second widget's start is refused with the service's reason, nothing lost.
        await other.InvokeAsync(() => other.Find("button[aria-label='Start the agent']").Click());
        Assert.Contains("already have an agent run", other.Find("[aria-label='Agent error']").TextContent);

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Stop the agent']").Click());
        cut.WaitForAssertion(() => Assert.Contains("stopped by the user", cut.Find("[aria-label='Stop reason']").TextContent), TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[aria-label='Start the agent']").HasAttribute("disabled")), TimeSpan.FromSeconds(10));
        Assert.Equal(2, cut.FindAll("[aria-label='Steps'] > li").Count);
    }

    [Fact]
    public async Task Start_RunToItsEnd_ShowsTestsPassedTheDiffAndJumpsToAnEdit()
    {
        var cut = _ctx.Render<AgentRunWidget>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["task"] = "py-mutable-default" }));
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Start the agent']").Click());
        await _runner.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        _runner.Release(100);
        cut.WaitForAssertion(() => Assert.Contains("tests passed", cut.Find("[aria-label='Run status']").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("tests passed", cut.Find("[aria-label='Tests verdict']").TextContent);
        Assert.Contains("return a + b", cut.Find("[aria-label='Unified diff']").TextContent);

        await cut.InvokeAsync(() => cut.FindAll("button.wb-agent-show-diff")[0].Click());
        Assert.Contains("rolled back", cut.Find("[aria-label='Diff caption']").TextContent);
        Assert.Equal("0", cut.Find("select[aria-label='Diff of']").GetAttribute("value"));
    }

    public void Dispose()
    {
        _runner.Release(100);
        _ctx.Dispose();
        _service.Dispose();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Workbench.sln not found.");
    }

    /// <summary>The service's runner, as a neighbour: reports <see cref="AgentRunSamples"/>'s steps one at a time as
    /// the test releases them, honours cancellation like the real one (Stopped, record kept).</summary>
    private sealed class SteppedRunner : IAgentRunner
    {
        private readonly SemaphoreSlim _released = new(0);

        public TaskCompletionSource<AgentRunRequest> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release(int steps) => _released.Release(steps);

        public async Task<AgentRunRecord> RunAsync(AgentRunRequest request, Action<AgentRunRecord>? progress, CancellationToken cancellationToken)
        {
            Started.TrySetResult(request);
            var record = AgentRunSamples.Running(0) with { TaskId = request.Task.Id, Backend = request.Backend ?? "built-in", OwnerId = request.OwnerId };
            progress?.Invoke(record);
            var total = AgentRunSamples.Finished().Steps.Count;
            for (var n = 1; n <= total; n++)
            {
                try
                {
                    await _released.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return record with { Status = AgentRunStatus.Finished, StopReason = AgentStopReason.Stopped, EndedAt = DateTimeOffset.UtcNow };
                }
                record = AgentRunSamples.Running(n) with { TaskId = record.TaskId, Backend = record.Backend, OwnerId = record.OwnerId };
                progress?.Invoke(record);
            }
            return AgentRunSamples.Finished() with { TaskId = record.TaskId, Backend = record.Backend, OwnerId = record.OwnerId };
        }
    }

    /// <summary>The backends a picker lists, as a neighbour (the widget never calls a model itself).</summary>
    private sealed class ListedBackends : IChatBackends
    {
        public IReadOnlyList<BackendInfo> List() =>
        [
            new(IChatBackends.BuiltInName, "Built-in engine", null, null, 512, true),
            new("scripted", "Scripted", "http://127.0.0.1:9/v1", "scripted-coder", 8192, false),
        ];

        public IChatClient GetChatClient(string? backend, string? model = null) => throw new NotSupportedException();
    }
}
