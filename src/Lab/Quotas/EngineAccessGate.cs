using Workbench.Engine.Inference;

namespace Workbench.Lab.Quotas;

/// <summary>
/// The one door to the engine: every generation takes an <see cref="EngineLease"/> first. The gate
/// <list type="bullet">
/// <item>enforces the caller's class quotas (<see cref="QuotaPolicy"/>: requests and tokens per minute, per user,
/// over a sliding <see cref="Window"/>), refusing with <see cref="RateLimitException"/> and a message that says
/// what was used and when to retry;</item>
/// <item>lets at most <see cref="MaxConcurrency"/> leases be held at once (in the app: <c>Engine:ParallelSequences</c>,
/// the engine's own slot count), and serves waiting callers round-robin <em>by user</em>: one user's ten queued
/// requests take turns with another user's one, so nobody is starved.</item>
/// </list>
/// A singleton; all members are thread-safe. Callers with no class (<see cref="EngineCaller.ClassId"/> null) have
/// no quotas but queue fairly like everyone else.
/// </summary>
public sealed partial class EngineAccessGate
{
    /// <summary>The sliding window quotas are counted over: 60 seconds.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly object _lock = new();
    private readonly IQuotaPolicySource _policies;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, UserState> _users = new(StringComparer.Ordinal);
    private readonly LinkedList<UserState> _turns = new(); // users with queued requests, in serving order
    private DateTimeOffset _lastSweep;
    private int _active;

    /// <summary>Creates the gate.</summary>
    /// <param name="maxConcurrency">How many leases may be held at once (≥ 1).</param>
    /// <param name="policies">Where class quotas come from.</param>
    /// <param name="time">The clock of the sliding window (default: the system clock).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is below 1.</exception>
    public EngineAccessGate(int maxConcurrency, IQuotaPolicySource policies, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        MaxConcurrency = maxConcurrency;
        _policies = policies ?? throw new ArgumentNullException(nameof(policies));
        _time = time ?? TimeProvider.System;
        _lastSweep = _time.GetUtcNow();
    }

    /// <summary>How many leases may be held at once.</summary>
    public int MaxConcurrency { get; }

    /// <summary>Leases held now.</summary>
    public int ActiveCount { get { lock (_lock) return _active; } }

    /// <summary>Requests waiting for a lease now.</summary>
    public int QueuedCount { get { lock (_lock) return _turns.Sum(u => u.Waiting.Count); } }

    /// <summary>
    /// Checks <paramref name="caller"/>'s quotas, counts the request, and waits for a free slot (fairly across
    /// users). Dispose the lease when the generation ends; charge its tokens with <see cref="EngineLease.RecordTokens"/>.
    /// </summary>
    /// <param name="caller">Who is asking.</param>
    /// <param name="cancellationToken">Cancels waiting: the request leaves the queue and is not counted.</param>
    /// <returns>The lease (owns one slot until disposed).</returns>
    /// <exception cref="RateLimitException">The caller's requests- or tokens-per-minute quota is used up.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before a slot was granted.</exception>
    public async ValueTask<EngineLease> EnterAsync(EngineCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        cancellationToken.ThrowIfCancellationRequested();
        var policy = caller.ClassId is null
            ? QuotaPolicy.Unlimited
            : await _policies.GetPolicyAsync(caller.ClassId, cancellationToken).ConfigureAwait(false);

        Waiter waiter;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            SweepLocked(now);
            var user = GetUserLocked(caller.UserId);
            user.Prune(now - Window);
            ThrowIfOverQuota(user, policy, now);
            var request = user.AddRequest(now);
            if (_active < MaxConcurrency && _turns.Count == 0)
            {
                _active++;
                return new EngineLease(this, caller);
            }
            waiter = new Waiter(this, user, request, caller);
            waiter.Node = user.Waiting.AddLast(waiter);
            user.Turn ??= _turns.AddLast(user);
        }

        await using var registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((Waiter)state!).Cancel(token), waiter).ConfigureAwait(false);
        return await waiter.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Tokens and requests <paramref name="userId"/> has used in the current window (for display and tests).</summary>
    /// <param name="userId">A user id.</param>
    /// <returns>(requests started, tokens charged) within the last <see cref="Window"/>.</returns>
    public (int Requests, long Tokens) GetUsage(string userId)
    {
        lock (_lock)
        {
            if (!_users.TryGetValue(userId, out var user)) return (0, 0);
            user.Prune(_time.GetUtcNow() - Window);
            return (user.Requests.Count, user.TokenSum);
        }
    }

    internal void Release()
    {
        lock (_lock)
        {
            _active--;
            DispatchLocked();
        }
    }

    internal void ChargeTokens(string userId, int tokens)
    {
        if (tokens <= 0) return;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            GetUserLocked(userId).AddTokens(now, tokens);
        }
    }

    private void CancelWaiter(Waiter waiter, CancellationToken token)
    {
        lock (_lock)
        {
            if (waiter.Node is null) return; // already granted
            var user = waiter.User;
            user.Waiting.Remove(waiter.Node);
            waiter.Node = null;
            if (user.Waiting.Count == 0 && user.Turn is not null)
            {
                _turns.Remove(user.Turn);
                user.Turn = null;
            }
            user.Requests.Remove(waiter.Request); // a request that never ran does not count
        }
        waiter.Completion.TrySetCanceled(token);
    }

    /// <summary>Grants free slots to waiting users in turn: the user at the front gets one request served and,
    /// if more are waiting, goes to the back.</summary>
    private void DispatchLocked()
    {
        while (_active < MaxConcurrency && _turns.First is { } turn)
        {
            var user = turn.Value;
            var waiter = user.Waiting.First!.Value;
            user.Waiting.RemoveFirst();
            waiter.Node = null;
            _turns.RemoveFirst();
            user.Turn = user.Waiting.Count > 0 ? _turns.AddLast(user) : null;
            _active++;
            waiter.Completion.TrySetResult(new EngineLease(this, waiter.Caller)); // continuations run asynchronously
        }
    }

    private UserState GetUserLocked(string userId)
    {
        if (!_users.TryGetValue(userId, out var user))
        {
            user = new UserState();
            _users.Add(userId, user);
        }
        return user;
    }

    /// <summary>Drops users with nothing in the window and nothing queued, at most once per window.</summary>
    private void SweepLocked(DateTimeOffset now)
    {
        if (now - _lastSweep < Window) return;
        _lastSweep = now;
        foreach (var (id, user) in _users.ToList())
        {
            user.Prune(now - Window);
            if (user.IsIdle) _users.Remove(id);
        }
    }

    private sealed class Waiter(EngineAccessGate gate, UserState user, LinkedListNode<DateTimeOffset> request, EngineCaller caller)
    {
        public UserState User { get; } = user;
        public LinkedListNode<DateTimeOffset> Request { get; } = request;
        public EngineCaller Caller { get; } = caller;
        public LinkedListNode<Waiter>? Node { get; set; }
        public TaskCompletionSource<EngineLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Cancel(CancellationToken token) => gate.CancelWaiter(this, token);
    }
}
