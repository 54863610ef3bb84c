using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Lab.Training.Runs;

namespace Workbench.Lab.Tests.Training.Runs;

public sealed class TrainingRunServiceTests : IDisposable
{
    private readonly FakeTrainer _trainer = new();

    public void Dispose() => _trainer.Dispose();

    private TrainingRunService Service(string? command = null, TimeSpan? limit = null) =>
        new(new TrainingProcess(new TrainingRunOptions
        {
            Command = command ?? _trainer.Command,
            OutputDirectory = _trainer.Output,
            WorkingDirectory = _trainer.Folder,
        }, limit), NullLogger.Instance);

    private static async Task<TrainingRunRecord> EndedAsync(TrainingRunService service, string id, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (service.Get(id) is { IsActive: true })
        {
            Assert.True(DateTime.UtcNow < deadline, $"run {id} did not end in {seconds} s");
            await Task.Delay(25);
        }
        return service.Get(id)!;
    }

    private static async Task UntilAsync(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task Start_GoodTrainer_RecordsPointsSamplesAndModel()
    {
        using var service = Service();
        var seen = new ConcurrentQueue<TrainingRunRecord>();
        service.Changed += seen.Enqueue;

        var id = service.Start("alice", new TrainingRunRequest(LearningRate: 0.001, Steps: 50, Seed: FakeTrainer.Good));
        Assert.Matches("^[0-9a-f]{32}$", id);
        var run = await EndedAsync(service, id);

        Assert.Equal(TrainingRunStatus.Done, run.Status);
        Assert.Null(run.Error);
        Assert.Equal([1, 2, 3, 4, 5], run.Points.Select(p => p.Step));
        Assert.Equal([5.5, 4.5, 3.5, 2.5, 1.5], run.Points.Select(p => p.Loss));
        Assert.All(run.Points, p => Assert.Equal(5400.5, p.TokensPerSecond));
        Assert.Equal([0, 5], run.Samples.Select(s => s.Step));
        Assert.Equal("What's the weather in Oslo?", run.Samples[0].Prompt);
        Assert.Equal("<tool_call>\n{\"name\":\"get_weather\"}\n</tool_call>", run.Samples[1].Text);
        Assert.Equal(Path.Combine(_trainer.Output, "trained-" + id + ".gguf"), run.ModelPath);
        Assert.Equal(9, run.SizeInBytes);
        Assert.Equal(140000, run.Parameters);
        Assert.Equal(1.5, run.FinalLoss);
        Assert.NotNull(run.StartedAt);
        Assert.NotNull(run.EndedAt);
        // The curve was published point by point, not only at the end.
        Assert.Contains(seen, r => r.Status == TrainingRunStatus.Running && r.Points.Count is > 0 and < 5);
        var args = File.ReadAllLines(run.ModelPath + ".args");
        Assert.Equal(["--preset", "tiny", "--lr", "0.001", "--steps", "50", "--seed", "1", "--sample-every", "10", "--out", run.ModelPath!, "--json"], args);
    }

    [Theory]
    [InlineData("huge", 1e-3, 100, "preset")]
    [InlineData("default", 1e-3, 100, "preset")]
    [InlineData("tiny", 1e-2, 100, "learning_rate")]
    [InlineData("tiny", 5e-5, 100, "learning_rate")]
    [InlineData("tiny", double.NaN, 100, "learning_rate")]
    [InlineData("tiny", 1e-3, 49, "steps")]
    [InlineData("tiny", 1e-3, 2001, "steps")]
    [InlineData("small", 1e-3, 501, "steps")]
    public void Start_KnobOutOfBounds_ThrowsNamingTheFieldAndQueuesNothing(string preset, double lr, int steps, string field)
    {
        using var service = Service();
        var e = Assert.Throws<TrainingRunRequestException>(() => service.Start("alice", new TrainingRunRequest(preset, lr, steps, 1)));
        Assert.Equal(field, e.Field);
        Assert.Contains($"\"{field}\"", e.Message);
        Assert.Empty(service.List(null));
    }

    [Fact]
    public async Task Start_SeveralOwners_OneRunsTheOthersQueueFifoOnePerOwner()
    {
        using var service = Service();
        var started = new ConcurrentQueue<string>();
        service.Changed += r => { if (r.Status == TrainingRunStatus.Running && r.Points.Count == 0) started.Enqueue(r.OwnerId); };
        var slow = new TrainingRunRequest(Steps: 50, Seed: FakeTrainer.Slow);

        var alice = service.Start("alice", slow);
        var bob = service.Start("bob", slow);
        var carol = service.Start("carol", slow);
        var dave = service.Start("dave", slow);
        await UntilAsync(() => service.Get(alice)!.Status == TrainingRunStatus.Running);

        Assert.Equal([0, 1, 2, 3], new[] { alice, bob, carol, dave }.Select(service.QueuePosition));
        Assert.Equal(TrainingRunStatus.Queued, service.Get(bob)!.Status);
        var twice = Assert.Throws<TrainingRunRejectedException>(() => service.Start("bob", slow));
        Assert.Contains("already have a training run", twice.Message);
        Assert.False(service.Stop("bob", alice)); // not bob's run
        Assert.Equal(TrainingRunStatus.Running, service.Get(alice)!.Status);

        Assert.True(service.Stop("bob", bob)); // a queued run leaves the queue
        Assert.Equal(TrainingRunStatus.Stopped, service.Get(bob)!.Status);
        Assert.Equal([1, 2], new[] { carol, dave }.Select(service.QueuePosition));
        var bobAgain = service.Start("bob", slow); // bob may queue again, at the back
        Assert.Equal(3, service.QueuePosition(bobAgain));

        Assert.True(service.Stop("alice", alice));
        Assert.Equal(TrainingRunStatus.Stopped, (await EndedAsync(service, alice)).Status);
        await UntilAsync(() => service.Get(carol)!.Status == TrainingRunStatus.Running);
        Assert.Equal([1, 2], new[] { dave, bobAgain }.Select(service.QueuePosition));
        Assert.True(service.Stop("carol", carol));
        await UntilAsync(() => service.Get(dave)!.Status == TrainingRunStatus.Running);
        Assert.True(service.Stop("dave", dave));
        await UntilAsync(() => service.Get(bobAgain)!.Status == TrainingRunStatus.Running);
        Assert.True(service.Stop("bob", bobAgain));
        await EndedAsync(service, bobAgain);

        Assert.Equal(["alice", "carol", "dave", "bob"], started.Distinct());
        Assert.All(service.List(null), r => Assert.Null(r.ModelPath));
        Assert.Equal(2, service.List("bob").Count);
    }

    [Fact]
    public async Task Stop_Running_KillsTheChildsWholeTreeAndKeepsNoModel()
    {
        using var service = Service();
        var id = service.Start("alice", new TrainingRunRequest(Steps: 50, Seed: FakeTrainer.Hang));
        await UntilAsync(() => service.Get(id)!.Points.Count == 1);
        var childFile = Path.Combine(_trainer.Output, "trained-" + id + ".gguf.child");
        await UntilAsync(() => File.Exists(childFile) && File.ReadAllText(childFile).Trim().Length > 0);
        var grandchild = int.Parse(File.ReadAllText(childFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Directory.Exists($"/proc/{grandchild}"));

        Assert.True(service.Stop("alice", id));
        var run = await EndedAsync(service, id, 10);

        Assert.Equal(TrainingRunStatus.Stopped, run.Status);
        Assert.Null(run.ModelPath);
        await UntilAsync(() => !Directory.Exists($"/proc/{grandchild}") || File.ReadAllText($"/proc/{grandchild}/stat").Contains(") Z ", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(_trainer.Output, "trained-" + id + ".gguf")));
        Assert.False(service.Stop("alice", id)); // already ended
    }

    [Fact]
    public async Task Run_PastTheWallClockLimit_IsKilledAndFails()
    {
        using var service = Service(limit: TimeSpan.FromSeconds(1));
        var id = service.Start("alice", new TrainingRunRequest(Steps: 50, Seed: FakeTrainer.Hang));
        var run = await EndedAsync(service, id, 10);
        Assert.Equal(TrainingRunStatus.Failed, run.Status);
        Assert.Contains("Training:MaxMinutes", run.Error);
    }

    [Fact]
    public async Task Run_GarbledLine_FailsQuotingItAndKillsTheChild()
    {
        using var service = Service();
        var id = service.Start("alice", new TrainingRunRequest(Steps: 50, Seed: FakeTrainer.Garbled));
        var run = await EndedAsync(service, id, 10); // the child would sleep 30 s: it was killed
        Assert.Equal(TrainingRunStatus.Failed, run.Status);
        Assert.Contains("not its protocol: Segmentation fault", run.Error);
        Assert.Single(run.Points);
    }

    [Fact]
    public async Task Run_Crash_FailsWithTheExitCodeAndLastStderrLines()
    {
        using var service = Service();
        var run = await EndedAsync(service, service.Start("alice", new TrainingRunRequest(Steps: 50, Seed: FakeTrainer.Crash)));
        Assert.Equal(TrainingRunStatus.Failed, run.Status);
        Assert.Contains("code 3", run.Error);
        Assert.Contains("boom: out of memory in attention", run.Error);
    }

    [Fact]
    public async Task Run_ErrorLine_FailsWithTheTrainersMessage()
    {
        using var service = Service();
        var run = await EndedAsync(service, service.Start("alice", new TrainingRunRequest(Steps: 50, Seed: FakeTrainer.Error)));
        Assert.Equal(TrainingRunStatus.Failed, run.Status);
        Assert.Equal("the loss diverged (nan) at step 3", run.Error);
    }

    [Fact]
    public async Task Run_MissingCommand_FailsAndTheNextRunStillStarts()
    {
        using var service = Service(command: Path.Combine(_trainer.Folder, "no-such-trainer"));
        var first = await EndedAsync(service, service.Start("alice", new TrainingRunRequest(Steps: 50, Seed: FakeTrainer.Good)));
        Assert.Equal(TrainingRunStatus.Failed, first.Status);
        Assert.Contains("could not be started", first.Error);
        var second = await EndedAsync(service, service.Start("alice", new TrainingRunRequest(Steps: 50, Seed: FakeTrainer.Good)));
        Assert.Equal(TrainingRunStatus.Failed, second.Status);
    }

    [Fact]
    public async Task Dispose_KillsTheRunningChildAndDropsTheQueue()
    {
        var service = Service();
        var running = service.Start("alice", new TrainingRunRequest(Steps: 50, Seed: FakeTrainer.Hang));
        var queued = service.Start("bob", new TrainingRunRequest(Steps: 50, Seed: FakeTrainer.Good));
        await UntilAsync(() => service.Get(running)!.Points.Count == 1);

        service.Dispose();

        Assert.Equal(TrainingRunStatus.Stopped, service.Get(queued)!.Status);
        Assert.Equal(TrainingRunStatus.Stopped, (await EndedAsync(service, running, 10)).Status);
        Assert.Throws<ObjectDisposedException>(() => service.Start("carol", new TrainingRunRequest()));
    }
}
