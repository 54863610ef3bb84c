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
    /// Reserves nothing: see the overload with <c>reservedTokens</c>.
    /// </summary>
    /// <param name="caller">Who is asking.</param>
    /// <param name="cancellationToken">Cancels waiting: the request leaves the queue and is not counted.</param>
    /// <returns>The lease (owns one slot until disposed).</returns>
    /// <exception cref="RateLimitException">The caller's requests- or tokens-per-minute quota is used up.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before a slot was granted.</exception>
    public ValueTask<EngineLease> EnterAsync(EngineCaller caller, CancellationToken cancellationToken) =>
        EnterAsync(caller, 0, cancellationToken);

    /// <summary>
    /// Checks <paramref name="caller"/>'s quotas, <b>reserves</b> <paramref name="reservedTokens"/> of the caller's
    /// tokens per minute (the request's <c>max_tokens</c>: the most it may generate), counts the request, and waits
    /// for a free slot (fairly across users). While the lease is held (queued or running) the reservation counts as
    /// used, so parallel requests cannot together exceed the quota before any of them is charged. Settle at the end:
    /// <see cref="EngineLease.RecordTokens"/> with the real usage, then dispose the lease, which releases the
    /// reservation.
    /// </summary>
    /// <param name="caller">Who is asking.</param>
    /// <param name="reservedTokens">Tokens to hold back until the lease is disposed (≥ 0; 0 = none). A request is
    /// refused when the caller's charged plus reserved tokens, plus this reservation, exceed the tokens-per-minute
    /// quota — unless nothing is charged or reserved, so one request larger than the quota can still run alone.</param>
    /// <param name="cancellationToken">Cancels waiting: the request leaves the queue, is not counted and its
    /// reservation is released.</param>
    /// <returns>The lease (owns one slot and the reservation until disposed).</returns>
    /// <exception cref="RateLimitException">The caller's requests- or tokens-per-minute quota is used up.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reservedTokens"/> is negative.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before a slot was granted.</exception>
    public async ValueTask<EngineLease> EnterAsync(EngineCaller caller, int reservedTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentOutOfRangeException.ThrowIfNegative(reservedTokens);
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
            ThrowIfOverQuota(user, policy, now, reservedTokens);
            var request = user.AddRequest(now);
            user.Reserved += reservedTokens;
            if (_active < MaxConcurrency && _turns.Count == 0)
            {
                _active++;
                return new EngineLease(this, caller, reservedTokens);
            }
            waiter = new Waiter(this, user, request, caller, reservedTokens);
            waiter.Node = user.Waiting.AddLast(waiter);
            user.Turn ??= _turns.AddLast(user);
        }

        await using var registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((Waiter)state!).Cancel(token), waiter).ConfigureAwait(false);
        return await waiter.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Tokens <paramref name="userId"/>'s leases hold reserved now (queued or running).</summary>
    /// <param name="userId">A user id.</param>
    public long GetReservedTokens(string userId)
    {
        lock (_lock) return _users.TryGetValue(userId, out var user) ? user.Reserved : 0;
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

    internal void Release(string userId, int reservedTokens)
    {
        lock (_lock)
        {
            if (_users.TryGetValue(userId, out var user)) user.Reserved -= reservedTokens;
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
            user.Reserved -= waiter.ReservedTokens;
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
            waiter.Completion.TrySetResult(new EngineLease(this, waiter.Caller, waiter.ReservedTokens)); // continuations run asynchronously
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

    private sealed class Waiter(EngineAccessGate gate, UserState user, LinkedListNode<DateTimeOffset> request, EngineCaller caller, int reservedTokens)
    {
        public int ReservedTokens { get; } = reservedTokens;
        public UserState User { get; } = user;
        public LinkedListNode<DateTimeOffset> Request { get; } = request;
        public EngineCaller Caller { get; } = caller;
        public LinkedListNode<Waiter>? Node { get; set; }
        public TaskCompletionSource<EngineLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Cancel(CancellationToken token) => gate.CancelWaiter(this, token);
    }
}
