using Xunit;
using System.Diagnostics;
using Workbench.Web.Rendering;

namespace Workbench.Web.Tests.Components;

/// <summary>The throttle flushes at most once per interval, and always flushes the tail.</summary>
public sealed class RenderThrottleTests
{
    [Fact]
    public async Task Request_ManyTimesQuickly_FlushesAtMostOncePerInterval()
    {
        var flushes = 0;
        using var throttle = new RenderThrottle(TimeSpan.FromMilliseconds(33), () => { Interlocked.Increment(ref flushes); return Task.CompletedTask; });
        var clock = Stopwatch.StartNew();
        var requests = 0;
        // A fixed floor of requests, not a count reached in a time: a busy CI core may run the loop slowly.
        while (requests < 2000 || clock.ElapsedMilliseconds < 300)
        {
            throttle.Request();
            requests++;
            if (requests % 100 == 0) await Task.Yield();
        }
        var elapsed = clock.Elapsed;
        await Task.Delay(100); // let a trailing flush run

        Assert.InRange(flushes, 2, (int)(elapsed.TotalMilliseconds / 33) + 2);
    }

    [Fact]
    public async Task Request_AfterAFlush_SchedulesATrailingFlush()
    {
        var flushed = new TaskCompletionSource();
        var count = 0;
        using var throttle = new RenderThrottle(TimeSpan.FromMilliseconds(50), () =>
        {
            if (Interlocked.Increment(ref count) == 2) flushed.TrySetResult();
            return Task.CompletedTask;
        });

        throttle.Request(); // immediate
        throttle.Request(); // within the interval: trailing

        await flushed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, count);
    }

    [Fact]
    public async Task Flush_FailingCallback_DoesNotThrow()
    {
        using var throttle = new RenderThrottle(TimeSpan.FromMilliseconds(10), () => throw new ObjectDisposedException("circuit"));
        throttle.Request();
        await throttle.FlushAsync();
    }
}
