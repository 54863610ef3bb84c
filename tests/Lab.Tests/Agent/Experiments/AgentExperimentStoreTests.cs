using Microsoft.Extensions.Logging;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Agent;
using Workbench.Lab.Agent.Experiments;

namespace Workbench.Lab.Tests.Agent.Experiments;

/// <summary>Experiment results on disk: round trip, listing order, corrupt and foreign files skipped with a log line.</summary>
public sealed class AgentExperimentStoreTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly ListLogger _log = new();
    private readonly AgentExperimentStore _store;

    public AgentExperimentStoreTests() => _store = new AgentExperimentStore(Path.Combine(_data.Path, "agent-experiments"), _log);

    public void Dispose() => _data.Dispose();

    internal static AgentExperimentResult Sample(string id, DateTimeOffset startedAt)
    {
        var run = new AgentExperimentRun("cs-null-name", true, 1, "r1", true, AgentRunStatus.Finished, AgentStopReason.FinalAnswer, null, 3, 100, 10, 12.5);
        var arm = new AgentArmResult(true, 1, 1, 1.0, ProportionInterval.Wilson(1, 1), 0, 100, 10, 12.5, [new AgentTaskOutcome("cs-null-name", [true])]);
        return new AgentExperimentResult(id, new AgentExperiment(["cs-null-name"], "b", "m", 1, 5, [true]), startedAt, startedAt.AddSeconds(1),
            false, [arm], null, [run]);
    }

    [Fact]
    public void SaveGet_RoundTrip_KeepsEveryField()
    {
        var saved = Sample(AgentExperimentRunner.NewId(), DateTimeOffset.Parse("2026-01-02T03:04:05Z"));

        _store.Save(saved);
        var read = _store.Get(saved.Id)!;

        Assert.Equal(saved with { Arms = [], Runs = [], Experiment = saved.Experiment with { TaskIds = [], Arms = [] } },
            read with { Arms = [], Runs = [], Experiment = read.Experiment with { TaskIds = [], Arms = [] } });
        Assert.Equal(saved.Experiment.TaskIds, read.Experiment.TaskIds);
        Assert.Equal(saved.Experiment.Arms, read.Experiment.Arms);
        Assert.Equal(saved.Runs, read.Runs);
        Assert.Equal(saved.Arms[0] with { Tasks = [] }, read.Arms[0] with { Tasks = [] });
        Assert.Equal([true], read.Arms[0].Tasks[0].PassedBySeed);
        Assert.Contains("\"status\": \"Finished\"", File.ReadAllText(Path.Combine(_store.Directory, saved.Id + ".json")));
    }

    [Fact]
    public void List_NewestFirst_SkipsCorruptAndForeignFilesWithALogLine()
    {
        var older = Sample(AgentExperimentRunner.NewId(), DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var newer = Sample(AgentExperimentRunner.NewId(), DateTimeOffset.Parse("2026-02-01T00:00:00Z"));
        _store.Save(older);
        _store.Save(newer);
        var corrupt = AgentExperimentRunner.NewId();
        File.WriteAllText(Path.Combine(_store.Directory, corrupt + ".json"), "{\"id\": \"" + corrupt + "\", \"arms\": [");
        var renamed = AgentExperimentRunner.NewId();
        File.Copy(Path.Combine(_store.Directory, older.Id + ".json"), Path.Combine(_store.Directory, renamed + ".json"));
        File.WriteAllText(Path.Combine(_store.Directory, "notes.json"), "{}");

        var list = _store.List();

        Assert.Equal([newer.Id, older.Id], list.Select(r => r.Id));
        Assert.Null(_store.Get(corrupt));
        Assert.Null(_store.Get(renamed));
        Assert.Contains(_log.Lines, l => l.Contains(corrupt, StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.Contains("differs from the file name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("")]
    public void Get_NotAnId_IsNull(string id) => Assert.Null(_store.Get(id));

    [Fact]
    public void Save_BadId_Throws() =>
        Assert.Throws<ArgumentException>(() => _store.Save(Sample("../x", DateTimeOffset.UtcNow)));

    [Fact]
    public void List_NoFolder_IsEmpty() => Assert.Empty(_store.List());

    private sealed class ListLogger : ILogger<AgentExperimentStore>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add(formatter(state, exception));
        }
    }
}
