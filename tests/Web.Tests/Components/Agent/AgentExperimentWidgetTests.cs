using Bunit;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workbench.Lab;
using Workbench.Lab.Agent;
using Workbench.Lab.Agent.Experiments;
using Workbench.Lab.Backends;
using Workbench.Lab.Storage;
using Workbench.Web.Components.Widgets.Agent;

namespace Workbench.Web.Tests.Components.Agent;

/// <summary>The agent-experiment widget on the real experiment runner, jobs, store and lab 08's task catalogue; the
/// runner's neighbour, the agent runner, passes exactly the Python tasks with verify-on-edit on.</summary>
public sealed class AgentExperimentWidgetTests : IDisposable
{
    private readonly BunitContext _ctx = new();
    private readonly string _data = Directory.CreateTempSubdirectory("agent-exp-ui-").FullName;
    private readonly AgentExperimentJobs _jobs;

    public AgentExperimentWidgetTests()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var tasks = Path.Combine(Hosting.TestPaths.RepoRoot, "labs", "08-coding-agent", "tasks");
        var catalog = new AgentTaskCatalog(Options.Create(new AgentOptions { TaskDirectories = [tasks] }), NullLogger<AgentTaskCatalog>.Instance);
        var store = new AgentExperimentStore(Options.Create(new LabOptions { DataDirectory = _data }), NullLogger<AgentExperimentStore>.Instance);
        var runner = new AgentExperimentRunner(new PythonWithVerifyPasses(), catalog, store, Options.Create(new AgentOptions()), null,
            NullLogger<AgentExperimentRunner>.Instance);
        _jobs = new AgentExperimentJobs(runner);
        _ctx.Services.AddSingleton(catalog).AddSingleton(store).AddSingleton(_jobs).AddSingleton<IChatBackends>(new BuiltInOnly());
        _ctx.Services.AddWebUiComponentServices();
    }

    [Fact]
    public void The_instructor_runs_the_Python_tasks_and_sees_exact_counts_beside_the_lecture()
    {
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized("prof");
        auth.SetRoles(LabRoles.Instructor);
        var cut = _ctx.Render<AgentExperimentWidget>();

        cut.Find("select[id$='-set']").Change("python");
        cut.Find("input[id$='-seeds']").Change("2");
        Assert.Contains("6 tasks × 2 arms × 2 seeds = 24 agent runs", cut.Markup);
        cut.Find("button[aria-label='Run the experiment']").Click();

        cut.WaitForAssertion(() => Assert.Contains("verify-on-edit on", cut.Markup), TimeSpan.FromSeconds(20));
        var stored = Assert.Single(_jobs.Current!.Result is { } r ? [r] : Array.Empty<AgentExperimentResult>());
        Assert.Equal((12, 12), (stored.Arms.Single(a => a.VerifyOnEdit).Passed, stored.Arms.Single(a => a.VerifyOnEdit).N));
        Assert.Equal(0, stored.Arms.Single(a => !a.VerifyOnEdit).Passed);
        // The chart's accessible label carries both results: 12 of 12 here, 17 of 45 in the lecture.
        cut.WaitForAssertion(() => Assert.Contains("12 of 12", cut.Markup));
        Assert.Contains("17 of 45", cut.Markup);
        Assert.NotEmpty(cut.FindAll("[aria-label='What differs from the reference'] li"));
        Assert.False(cut.Find("button[aria-label='Run the experiment']").HasAttribute("disabled"));
    }

    [Fact]
    public void A_student_sees_the_results_but_cannot_start_an_experiment()
    {
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized("Ada");
        auth.SetRoles(LabRoles.Student);
        var cut = _ctx.Render<AgentExperimentWidget>();

        Assert.Empty(cut.FindAll("button[aria-label='Run the experiment']"));
        Assert.Contains("Your instructor runs the experiments", cut.Markup);
        Assert.Contains("17 of 45", cut.Markup); // the lecture's reference is always drawn
    }

    public void Dispose()
    {
        _ctx.Dispose();
        _jobs.Dispose();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private sealed class PythonWithVerifyPasses : IAgentRunner
    {
        public Task<AgentRunRecord> RunAsync(AgentRunRequest request, Action<AgentRunRecord>? progress, CancellationToken cancellationToken)
        {
            var passed = request.VerifyOnEdit && request.Task.Language == AgentLanguage.Python;
            return Task.FromResult(new AgentRunRecord(Guid.NewGuid().ToString("N"), request.Task.Id, request.Backend ?? "built-in", null,
                request.VerifyOnEdit, request.Seed, request.OwnerId, AgentRunStatus.Finished, AgentStopReason.FinalAnswer, null, "done", [], [],
                new AgentTestOutcome(request.Task.TestCommand, passed, passed ? 0 : 1, "", 1), "", 10, 5, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
        }
    }

    private sealed class BuiltInOnly : IChatBackends
    {
        public IReadOnlyList<BackendInfo> List() => [new BackendInfo(IChatBackends.BuiltInName, "Built-in engine", null, null, 2048, true)];

        public IChatClient GetChatClient(string? backend, string? model = null) => throw new NotSupportedException();
    }
}
