using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Workbench.Web.Security;

/// <summary>
/// Per-account brute-force limits of sign-in and join (issue 10 finding 6), whatever address the attempts come
/// from: at most <see cref="WebSecurityOptions.AttemptsPerMinutePerAccount"/> attempts a minute (ASP.NET Core's
/// <see cref="PartitionedRateLimiter"/> with a fixed window per account), and after
/// <see cref="WebSecurityOptions.FailuresBeforeLockout"/> failures within <see cref="WebSecurityOptions.LockoutSeconds"/>
/// a lockout of that many seconds from the last failure. A success clears the failures. Account keys are made by
/// <see cref="AccountAttemptFilter"/>. A singleton; thread-safe; state lives in memory (a restart clears it).
/// </summary>
public sealed class AccountLockout : IDisposable
{
    private readonly WebSecurityOptions _options;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<string> _attempts;
    private readonly Dictionary<string, AccountState> _failures = new(StringComparer.Ordinal);
    private DateTimeOffset _lastSweep;

    /// <summary>Creates the limits from <paramref name="options"/>.</summary>
    /// <param name="options">The <c>Web:Security</c> settings.</param>
    /// <param name="time">The clock of the lockout (default: the system clock).</param>
    public AccountLockout(IOptions<WebSecurityOptions> options, TimeProvider? time = null)
    {
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _lastSweep = _time.GetUtcNow();
        _attempts = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = _options.AttemptsPerMinutePerAccount, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    private TimeSpan Lockout => TimeSpan.FromSeconds(_options.LockoutSeconds);

    /// <summary>Counts an attempt on <paramref name="account"/>, unless it is locked or over its attempt rate.</summary>
    /// <param name="account">The account key.</param>
    /// <param name="retryAfter">When refused, how long until an attempt may succeed.</param>
    /// <returns>Whether the attempt may go ahead.</returns>
    public bool TryBeginAttempt(string account, out TimeSpan retryAfter)
    {
        if (LockedFor(account) is { } locked)
        {
            retryAfter = locked;
            return false;
        }
        using var lease = _attempts.AttemptAcquire(account);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return false;
    }

    /// <summary>Records a failed attempt (wrong password, unknown code) on <paramref name="account"/>.</summary>
    public void RecordFailure(string account)
    {
        lock (_failures)
        {
            var now = _time.GetUtcNow();
            SweepLocked(now);
            if (!_failures.TryGetValue(account, out var state)) _failures[account] = state = new AccountState();
            Prune(state.Failures, now);
            state.Failures.Enqueue(now);
            if (state.Failures.Count >= _options.FailuresBeforeLockout)
            {
                state.LockedUntil = now + Lockout; // a fresh count starts when the lockout ends
                state.Failures.Clear();
            }
        }
    }

    /// <summary>Forgets the failures of <paramref name="account"/> (after a successful sign-in).</summary>
    public void RecordSuccess(string account)
    {
        lock (_failures) _failures.Remove(account);
    }

    /// <summary>How much longer <paramref name="account"/> is locked, or null when it is not.</summary>
    public TimeSpan? LockedFor(string account)
    {
        lock (_failures)
        {
            if (!_failures.TryGetValue(account, out var state)) return null;
            var now = _time.GetUtcNow();
            return state.LockedUntil > now ? state.LockedUntil - now : null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _attempts.Dispose();

    private void Prune(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.TryPeek(out var oldest) && oldest + Lockout <= now) failures.Dequeue();
    }

    /// <summary>Drops accounts with no failure left in the window, at most once per lockout period.</summary>
    private void SweepLocked(DateTimeOffset now)
    {
        if (now - _lastSweep < Lockout) return;
        _lastSweep = now;
        foreach (var (key, state) in _failures.ToList())
        {
            Prune(state.Failures, now);
            if (state.Failures.Count == 0 && state.LockedUntil <= now) _failures.Remove(key);
        }
    }

    /// <summary>One account's recent failures and lockout. Guarded by the dictionary's lock.</summary>
    private sealed class AccountState
    {
        public Queue<DateTimeOffset> Failures { get; } = new();
        public DateTimeOffset LockedUntil { get; set; }
    }
}
