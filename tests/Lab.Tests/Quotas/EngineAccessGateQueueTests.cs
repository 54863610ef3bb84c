using Workbench.Lab.Quotas;

namespace Workbench.Lab.Tests.Quotas;

/// <summary>Fair queueing and concurrency of <see cref="EngineAccessGate"/>.</summary>
public sealed class EngineAccessGateQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static EngineAccessGate Gate(int concurrency) => new(concurrency, new FixedQuotaPolicies([]));

    [Fact]
    public async Task EnterAsync_ConcurrencyOne_AUserWithOneRequestIsServedBetweenAnotherUsersFive()
    {
        var gate = Gate(1);
        var blocker = await gate.EnterAsync(new EngineCaller("x", null), CancellationToken.None);
        var waiting = new List<(string Label, Task<EngineLease> Lease)>();
        for (var i = 1; i <= 5; i++) waiting.Add(($"A{i}", gate.EnterAsync(new EngineCaller("a", null), CancellationToken.None).AsTask()));
        waiting.Add(("B1", gate.EnterAsync(new EngineCaller("b", null), CancellationToken.None).AsTask()));
        Assert.Equal(6, gate.QueuedCount);
        Assert.All(waiting, w => Assert.False(w.Lease.IsCompleted));

        blocker.Dispose();
        var order = new List<string>();
        while (order.Count < waiting.Count)
        {
            var granted = await Task.WhenAny(waiting.Where(w => !order.Contains(w.Label)).Select(w => w.Lease)).WaitAsync(Timeout);
            Assert.Equal(1, gate.ActiveCount); // one at a time
            var label = waiting.Single(w => w.Lease == granted).Label;
            order.Add(label);
            (await granted).Dispose();
        }

        Assert.Equal(["A1", "B1", "A2", "A3", "A4", "A5"], order);
        Assert.Equal((0, 0), (gate.ActiveCount, gate.QueuedCount));
    }

    [Fact]
    public async Task EnterAsync_ConcurrencyTwo_GrantsTwoAtOnceAndQueuesTheThird()
    {
        var gate = Gate(2);
        var first = await gate.EnterAsync(new EngineCaller("a", null), CancellationToken.None);
        var second = await gate.EnterAsync(new EngineCaller("b", null), CancellationToken.None);
        var third = gate.EnterAsync(new EngineCaller("c", null), CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);

        second.Dispose();
        second.Dispose(); // a second dispose frees nothing more
        using var lease = await third.WaitAsync(Timeout);

        Assert.Equal((2, 0), (gate.ActiveCount, gate.QueuedCount));
        first.Dispose();
        Assert.Equal(1, gate.ActiveCount);
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileQueued_LeavesTheQueueAndTheOthersAreServed()
    {
        var gate = Gate(1);
        var blocker = await gate.EnterAsync(new EngineCaller("x", null), CancellationToken.None);
        using var cancelA1 = new CancellationTokenSource();
        using var cancelB1 = new CancellationTokenSource();
        var a1 = gate.EnterAsync(new EngineCaller("a", null), cancelA1.Token).AsTask();
        var a2 = gate.EnterAsync(new EngineCaller("a", null), CancellationToken.None).AsTask();
        var b1 = gate.EnterAsync(new EngineCaller("b", null), cancelB1.Token).AsTask();
        var c1 = gate.EnterAsync(new EngineCaller("c", null), CancellationToken.None).AsTask();

        cancelA1.Cancel();
        cancelB1.Cancel(); // b's only request: b leaves the serving order
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a1.WaitAsync(Timeout));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b1.WaitAsync(Timeout));
        Assert.Equal(2, gate.QueuedCount);
        Assert.Equal(1, gate.GetUsage("a").Requests); // a1 left without running: only a2 counts
        Assert.Equal(0, gate.GetUsage("b").Requests);

        blocker.Dispose();
        var first = await Task.WhenAny(a2, c1).WaitAsync(Timeout);
        Assert.Same(a2, first);
        (await a2).Dispose();
        (await c1.WaitAsync(Timeout)).Dispose();
        Assert.Equal((0, 0), (gate.ActiveCount, gate.QueuedCount));
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileQueued_IsNotCountedAgainstTheQuota()
    {
        var gate = new EngineAccessGate(1, new FixedQuotaPolicies(new() { ["class"] = new QuotaPolicy(2, 0) }));
        var ada = new EngineCaller("ada", "class");
        var blocker = await gate.EnterAsync(ada, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var queued = gate.EnterAsync(ada, cancel.Token).AsTask();
        Assert.Equal(2, gate.GetUsage("ada").Requests);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Timeout));

        Assert.Equal(1, gate.GetUsage("ada").Requests);
        blocker.Dispose();
        (await gate.EnterAsync(ada, CancellationToken.None)).Dispose(); // the refunded request is available again
    }

    [Fact]
    public async Task EnterAsync_AlreadyCancelledToken_ThrowsWithoutTakingASlot()
    {
        var gate = Gate(1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.EnterAsync(new EngineCaller("a", null), new CancellationToken(true)).AsTask());

        Assert.Equal((0, 0), (gate.ActiveCount, gate.QueuedCount));
    }
}
