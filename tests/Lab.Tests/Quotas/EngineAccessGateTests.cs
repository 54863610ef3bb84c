using Workbench.Engine.Inference;
using Workbench.Lab.Quotas;

namespace Workbench.Lab.Tests.Quotas;

/// <summary>Quotas over the sliding window of <see cref="EngineAccessGate"/>, with a clock the tests move.</summary>
public sealed class EngineAccessGateTests
{
    private readonly ManualTimeProvider _time = new();

    private EngineAccessGate Gate(int requestsPerMinute, int tokensPerMinute, int concurrency = 4) =>
        new(concurrency, new FixedQuotaPolicies(new() { ["class"] = new QuotaPolicy(requestsPerMinute, tokensPerMinute) }), _time);

    private static EngineCaller Student(string id = "ada") => new(id, "class");

    [Fact]
    public async Task EnterAsync_OverRequestsPerMinute_ThrowsWithUsedLimitAndWait()
    {
        var gate = Gate(requestsPerMinute: 3, tokensPerMinute: 0);
        for (var i = 0; i < 3; i++)
        {
            (await gate.EnterAsync(Student(), CancellationToken.None)).Dispose();
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        var e = await Assert.ThrowsAsync<RateLimitException>(() => gate.EnterAsync(Student(), CancellationToken.None).AsTask());

        // The first request (at 0 s) leaves the window at 60 s; it is now 15 s.
        Assert.Equal("You have made 3 of your 3 requests per minute; try again in 45 s.", e.Message);
        Assert.Equal(TimeSpan.FromSeconds(45), e.RetryAfter);
        Assert.Equal(RateLimitException.Requests, e.Limit);
    }

    [Fact]
    public async Task EnterAsync_OverTokensPerMinute_ThrowsWithThousandsSeparatedCounts()
    {
        var gate = Gate(requestsPerMinute: 0, tokensPerMinute: 1000);
        using (var lease = await gate.EnterAsync(Student(), CancellationToken.None)) lease.RecordTokens(600);
        _time.Advance(TimeSpan.FromSeconds(48));
        using (var lease = await gate.EnterAsync(Student(), CancellationToken.None)) lease.RecordTokens(400);

        var e = await Assert.ThrowsAsync<RateLimitException>(() => gate.EnterAsync(Student(), CancellationToken.None).AsTask());

        // Dropping the 600 charged at 0 s brings the window under 1,000: at 60 s, 12 s from now.
        Assert.Equal("You have used 1,000 of your 1,000 tokens per minute; try again in 12 s.", e.Message);
        Assert.Equal(TimeSpan.FromSeconds(12), e.RetryAfter);
        Assert.Equal(RateLimitException.Tokens, e.Limit);
    }

    [Fact]
    public async Task EnterAsync_SlidingWindow_AllowsAgainOnlyAsOldRequestsLeaveIt()
    {
        var gate = Gate(requestsPerMinute: 2, tokensPerMinute: 0);
        (await gate.EnterAsync(Student(), CancellationToken.None)).Dispose();   // t = 0
        _time.Advance(TimeSpan.FromSeconds(30));
        (await gate.EnterAsync(Student(), CancellationToken.None)).Dispose();   // t = 30
        _time.Advance(TimeSpan.FromSeconds(29));                                 // t = 59: both still in the window
        await Assert.ThrowsAsync<RateLimitException>(() => gate.EnterAsync(Student(), CancellationToken.None).AsTask());

        _time.Advance(TimeSpan.FromSeconds(1));                                  // t = 60: the first has left
        (await gate.EnterAsync(Student(), CancellationToken.None)).Dispose();
        var e = await Assert.ThrowsAsync<RateLimitException>(() => gate.EnterAsync(Student(), CancellationToken.None).AsTask());

        Assert.Equal(TimeSpan.FromSeconds(30), e.RetryAfter);                    // the one at t = 30 leaves at 90
        Assert.Equal((2, 0L), gate.GetUsage("ada"));
    }

    [Fact]
    public async Task EnterAsync_RefusedRequest_IsNotCounted()
    {
        var gate = Gate(requestsPerMinute: 1, tokensPerMinute: 0);
        (await gate.EnterAsync(Student(), CancellationToken.None)).Dispose();
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<RateLimitException>(() => gate.EnterAsync(Student(), CancellationToken.None).AsTask());
        }
        _time.Advance(TimeSpan.FromSeconds(60));

        (await gate.EnterAsync(Student(), CancellationToken.None)).Dispose();
    }

    [Fact]
    public async Task EnterAsync_QuotasArePerStudent_AndCallersWithoutAClassAreUnlimited()
    {
        var gate = Gate(requestsPerMinute: 1, tokensPerMinute: 0);
        (await gate.EnterAsync(Student("ada"), CancellationToken.None)).Dispose();
        await Assert.ThrowsAsync<RateLimitException>(() => gate.EnterAsync(Student("ada"), CancellationToken.None).AsTask());

        (await gate.EnterAsync(Student("bob"), CancellationToken.None)).Dispose();
        for (var i = 0; i < 10; i++) (await gate.EnterAsync(new EngineCaller("ada", null), CancellationToken.None)).Dispose();
        for (var i = 0; i < 10; i++) (await gate.EnterAsync(EngineCaller.Anonymous, CancellationToken.None)).Dispose();
    }

    [Fact]
    public async Task EnterAsync_PoliciesFromTheStore_ApplyTheClassQuotas()
    {
        await using var db = await Classrooms.ClassroomTestStore.CreateAsync(_time);
        var classroom = await db.AddClassAsync(await db.AddInstructorAsync(), requestsPerMinute: 2, tokensPerMinute: 0);
        var student = await db.JoinAsync(classroom, "Ada");
        var gate = new EngineAccessGate(2, db.Policies, _time);
        var caller = new EngineCaller(student.Id, classroom.Id);

        (await gate.EnterAsync(caller, CancellationToken.None)).Dispose();
        (await gate.EnterAsync(caller, CancellationToken.None)).Dispose();
        var e = await Assert.ThrowsAsync<RateLimitException>(() => gate.EnterAsync(caller, CancellationToken.None).AsTask());

        Assert.Contains("2 of your 2 requests per minute", e.Message);
    }

    [Fact]
    public async Task StoreQuotaPolicySource_QuotasChangedBehindItsBack_AreSeenAfterTheCacheExpires()
    {
        await using var db = await Classrooms.ClassroomTestStore.CreateAsync(_time);
        var classroom = await db.AddClassAsync(await db.AddInstructorAsync(), requestsPerMinute: 2, tokensPerMinute: 50);
        Assert.Equal(new QuotaPolicy(2, 50), await db.Policies.GetPolicyAsync(classroom.Id, CancellationToken.None));

        await db.Store.UpdateClassAsync(classroom with { RequestsPerMinute = 9 }, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new QuotaPolicy(2, 50), await db.Policies.GetPolicyAsync(classroom.Id, CancellationToken.None));

        _time.Advance(StoreQuotaPolicySource.CacheDuration);
        Assert.Equal(new QuotaPolicy(9, 50), await db.Policies.GetPolicyAsync(classroom.Id, CancellationToken.None));
        Assert.Equal(QuotaPolicy.Unlimited, await db.Policies.GetPolicyAsync("no-such-class", CancellationToken.None));
    }
}
