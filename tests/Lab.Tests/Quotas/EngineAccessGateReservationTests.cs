using Workbench.Engine.Inference;
using Workbench.Lab.Quotas;

namespace Workbench.Lab.Tests.Quotas;

/// <summary>Issue 10 finding 7: a request reserves its <c>max_tokens</c> when it starts and is settled with its real
/// usage at the end, so parallel requests cannot overrun a tokens-per-minute quota before any is charged.</summary>
public sealed class EngineAccessGateReservationTests
{
    private readonly ManualTimeProvider _time = new();

    private EngineAccessGate Gate(int tokensPerMinute, int concurrency = 64) =>
        new(concurrency, new FixedQuotaPolicies(new() { ["class"] = new QuotaPolicy(0, tokensPerMinute) }), _time);

    private static EngineCaller Student(string id = "ada") => new(id, "class");

    [Fact]
    public async Task FortyParallelRequests_OfSixtyTwoTokens_AgainstTwoThousandPerMinute_OnlyWhatFitsIsAdmitted()
    {
        var gate = Gate(tokensPerMinute: 2000);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            try
            {
                return await gate.EnterAsync(Student(), 62, CancellationToken.None);
            }
            catch (RateLimitException)
            {
                return null;
            }
        }));
        var leases = attempts.Where(l => l is not null).Select(l => l!).ToList();

        Assert.Equal(2000 / 62, leases.Count); // 32 × 62 = 1,984; a 33rd would make 2,046
        Assert.Equal(32 * 62, gate.GetReservedTokens("ada"));
        foreach (var lease in leases)
        {
            lease.RecordTokens(62);
            lease.Dispose();
        }
        Assert.Equal(0, gate.GetReservedTokens("ada"));
        Assert.True(gate.GetUsage("ada").Tokens <= 2000, $"charged {gate.GetUsage("ada").Tokens}");
    }

    [Fact]
    public async Task Settling_ReplacesTheReservationWithTheRealUsage()
    {
        var gate = Gate(tokensPerMinute: 2000);
        using (var lease = await gate.EnterAsync(Student(), 1500, CancellationToken.None))
        {
            Assert.Equal(1500, lease.ReservedTokens);
            var e = await Assert.ThrowsAsync<RateLimitException>(() => gate.EnterAsync(Student(), 600, CancellationToken.None).AsTask());
            Assert.Equal(RateLimitException.Tokens, e.Limit);
            Assert.Contains("1,500 are reserved", e.Message);
            lease.RecordTokens(120); // it stopped early
        }

        Assert.Equal((1, 120L), gate.GetUsage("ada"));
        Assert.Equal(0, gate.GetReservedTokens("ada"));
        using var next = await gate.EnterAsync(Student(), 1880, CancellationToken.None); // 120 + 1,880 = 2,000 fits
    }

    [Fact]
    public async Task ARequestLargerThanTheQuota_RunsAlone_NothingElseBesideIt()
    {
        var gate = Gate(tokensPerMinute: 100);
        using var big = await gate.EnterAsync(Student(), 500, CancellationToken.None);

        await Assert.ThrowsAsync<RateLimitException>(() => gate.EnterAsync(Student(), 1, CancellationToken.None).AsTask());
        using var otherStudent = await gate.EnterAsync(Student("bob"), 50, CancellationToken.None); // quotas are per student
    }

    [Fact]
    public async Task AQueuedRequestThatIsCancelled_ReleasesItsReservation()
    {
        var gate = Gate(tokensPerMinute: 1000, concurrency: 1);
        using var running = await gate.EnterAsync(Student(), 300, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var queued = gate.EnterAsync(Student(), 400, cancel.Token).AsTask();
        Assert.Equal(700, gate.GetReservedTokens("ada"));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);

        Assert.Equal(300, gate.GetReservedTokens("ada"));
    }

    [Fact]
    public async Task NegativeReservation_IsRefused()
    {
        var gate = Gate(tokensPerMinute: 1000);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => gate.EnterAsync(Student(), -1, CancellationToken.None).AsTask());
    }
}
