using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Agent;
using Workbench.Lab.Agent.Experiments;

namespace Workbench.Lab.Tests.Agent.Experiments;

/// <summary>The A/B runner's bookkeeping on lab 08's real task set, with a scripted <see cref="IAgentRunner"/>
/// neighbour that passes a known subset: counts, rates, intervals, per-task outcomes, concurrency, cancellation.</summary>
public sealed class AgentExperimentRunnerTests : IDisposable
{
    private static readonly string[] Ids = ["cs-binary-search", "cs-null-name", "py-empty-list", "py-regex-anchor"];
    private readonly TempDirectory _data = new();
    private readonly AgentExperimentStore _store;

    public AgentExperimentRunnerTests() => _store = new AgentExperimentStore(_data.Path, NullLogger<AgentExperimentStore>.Instance);

    public void Dispose() => _data.Dispose();

    internal static AgentTaskCatalog RealCatalog() => new(
        Options.Create(new AgentOptions { TaskDirectories = [AgentTaskSetTests.TasksRoot] }), NullLogger<AgentTaskCatalog>.Instance);

    private AgentExperimentRunner Runner(IAgentRunner runner, int maxConcurrent = 2) => new(runner, RealCatalog(), _store,
        Options.Create(new AgentOptions { MaxConcurrentRuns = maxConcurrent }), null, NullLogger<AgentExperimentRunner>.Instance);

    /// <summary>Verify-on-edit passes the Python tasks; the baseline passes only cs-binary-search with seed 2.</summary>
    private static bool KnownSubset(AgentRunRequest r) =>
        r.VerifyOnEdit ? r.Task.Id.StartsWith("py-", StringComparison.Ordinal) : r.Task.Id == "cs-binary-search" && r.Seed == 2;

    [Fact]
    public async Task RunAsync_KnownSubset_ExactCountsRatesAndIntervals()
    {
        var scripted = new ScriptedAgentRunner(KnownSubset);
        var progress = new List<AgentExperimentProgress>();
        var experiment = new AgentExperiment(Ids, Backend: "scripted", Model: "m", Seeds: 3, MaxSteps: 7, Temperature: 0.5f);

        var result = await Runner(scripted).RunAsync(experiment, null, p => { lock (progress) progress.Add(p); }, CancellationToken.None);

        Assert.False(result.Cancelled);
        Assert.Equal(24, scripted.Requests.Count);
        Assert.All(scripted.Requests, r => Assert.Equal(("scripted", "m", 7, 0.5f), (r.Backend!, r.Model!, r.MaxSteps, r.Temperature!.Value)));
        Assert.Equal(Ids.Length * 2, scripted.Requests.Count(r => r.Seed == 3));
        var (baseline, verify) = (result.Arms[0], result.Arms[1]);
        Assert.Equal((false, 1, 12), (baseline.VerifyOnEdit, baseline.Passed, baseline.N));
        Assert.Equal((true, 6, 12), (verify.VerifyOnEdit, verify.Passed, verify.N));
        Assert.Equal(1.0 / 12, baseline.PassRate, 12);
        Assert.Equal(0.5, verify.PassRate, 12);
        Assert.Equal(ProportionInterval.Wilson(1, 12), baseline.Interval);
        Assert.Equal(ProportionInterval.Wilson(6, 12), verify.Interval);
        Assert.Equal((1200, 120, 0), (baseline.InputTokens, baseline.OutputTokens, baseline.Errors));
        Assert.Equal(12 * 50, baseline.Ms, 6);
        Assert.Equal([false, true, false], baseline.Tasks.Single(t => t.TaskId == "cs-binary-search").PassedBySeed.Select(p => p!.Value));
        Assert.Equal([3, 3, 0, 0], verify.Tasks.OrderByDescending(t => t.TaskId).Select(t => t.Passed));
        Assert.Equal(5.0 / 12, result.Difference!.Difference, 12);
        Assert.Equal(ProportionInterval.NewcombeDifference(6, 12, 1, 12), result.Difference.Interval);
        Assert.Equal(24, result.Runs.Count);
        Assert.Equal(Enumerable.Range(1, 24), progress.Select(p => p.Done).Order());
        Assert.All(progress, p => Assert.Equal((result.Id, 24), (p.ExperimentId, p.Total)));
        Assert.Equal(result.Id, _store.Get(result.Id)!.Id);
    }

    [Fact]
    public async Task RunAsync_OneArm_NoDifference()
    {
        var result = await Runner(new ScriptedAgentRunner(_ => true)).RunAsync(
            new AgentExperiment(Ids[..2], Seeds: 2, Arms: [true]), null, null, CancellationToken.None);

        Assert.Equal((4, 4), (result.Arms.Single().Passed, result.Arms.Single().N));
        Assert.Null(result.Difference);
    }

    [Fact]
    public async Task RunAsync_ConcurrencyCap_Respected()
    {
        var scripted = new ScriptedAgentRunner(_ => false) { Delay = TimeSpan.FromMilliseconds(150) };

        await Runner(scripted, maxConcurrent: 2).RunAsync(new AgentExperiment(Ids, Seeds: 2), null, null, CancellationToken.None);

        Assert.Equal(16, scripted.Requests.Count);
        Assert.Equal(2, scripted.MaxInFlight);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StartsNoNewRunAndStoresThePartialResult()
    {
        var scripted = new ScriptedAgentRunner(_ => true) { Delay = TimeSpan.FromMilliseconds(400) };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(600));

        var result = await Runner(scripted, maxConcurrent: 1).RunAsync(new AgentExperiment(Ids, Seeds: 5), null, null, cancel.Token);
        var startedBefore = scripted.Requests.Count;
        await Task.Delay(600);

        Assert.True(result.Cancelled);
        Assert.InRange(startedBefore, 1, 3);
        Assert.Equal(startedBefore, scripted.Requests.Count); // nothing started after the return
        Assert.Equal(startedBefore, result.Runs.Count);
        Assert.Equal(result.Runs.Count(r => r.Passed), result.Arms.Sum(a => a.Passed));
        Assert.Equal(result.Runs.Count, result.Arms.Sum(a => a.N));
        Assert.Contains(result.Runs, r => r.StopReason == AgentStopReason.Stopped && !r.Passed); // the run in flight was stopped
        Assert.True(_store.Get(result.Id)!.Cancelled);
    }

    [Fact]
    public async Task RunAsync_RunnerThrowsOrFails_CountedAsNotPassedWithErrors()
    {
        var scripted = new ScriptedAgentRunner(_ => true)
        {
            Throws = r => r.Task.Id == "cs-null-name" && r.VerifyOnEdit,
            Status = r => r.Task.Id == "py-empty-list" && r.VerifyOnEdit ? AgentRunStatus.Failed : AgentRunStatus.Finished,
        };

        var result = await Runner(scripted).RunAsync(new AgentExperiment(Ids, Seeds: 1), null, null, CancellationToken.None);

        var verify = result.Arms[1];
        Assert.Equal((4, 2), (verify.N, verify.Errors));
        Assert.Equal((4, 4, 0), (result.Arms[0].N, result.Arms[0].Passed, result.Arms[0].Errors));
        Assert.Equal(3, verify.Passed); // the failed-status run's tests passed; the throwing one did not run
        Assert.Contains(result.Runs, r => r.Error == "scripted failure" && !r.Passed && r.Status == AgentRunStatus.Failed);
    }

    [Fact]
    public async Task RunAsync_BadExperiment_ThrowsBeforeAnyRun()
    {
        var scripted = new ScriptedAgentRunner(_ => true);
        var runner = Runner(scripted);

        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(new AgentExperiment(["no-such-task"]), null, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(new AgentExperiment([]), null, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(new AgentExperiment(["cs-null-name", "cs-null-name"]), null, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(new AgentExperiment(Ids, Arms: [true, true]), null, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(new AgentExperiment(Ids), "../etc", null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => runner.RunAsync(new AgentExperiment(Ids, Seeds: 0), null, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => runner.RunAsync(new AgentExperiment(Ids, Seeds: 21), null, null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => runner.RunAsync(new AgentExperiment(Ids, MaxSteps: 0), null, null, CancellationToken.None));
        Assert.Empty(scripted.Requests);
    }
}
